// The one state machine that drives every systemd notification: starting → ready ⇄ reloading →
// stopping. Pure: it only decides what to tell the Notifier.
#pragma once

#include <chrono>
#include <string>

#include "systemd/notifier.h"

namespace awsr {

enum class Phase { kStarting, kReady, kReloading, kStopping };

std::string_view ToString(Phase phase);

class Lifecycle {
 public:
  explicit Lifecycle(systemd::Notifier& notifier) : notifier_(notifier) {}

  // The first load is done: READY=1.
  void LoadFinished(const std::string& status);
  // SIGHUP: RELOADING=1 with the monotonic time systemd asks for.
  void ReloadStarted(std::chrono::microseconds monotonic_now);
  void ReloadFinished(const std::string& status);
  // SIGTERM/SIGINT: STOPPING=1; later calls change nothing.
  void StopStarted();
  // STATUS= is sent only when the one-line summary changes.
  void SetStatus(const std::string& status);
  // Called at half the watchdog timeout: WATCHDOG=1 only if the engine made progress since the
  // last tick, so a stuck engine gets restarted.
  void WatchdogTick(bool engine_made_progress);

  Phase phase() const { return phase_; }

 private:
  systemd::Notifier& notifier_;
  Phase phase_ = Phase::kStarting;
  std::string status_;
};

}  // namespace awsr
