#include "daemon/program/lifecycle.h"

namespace awsr {

std::string_view ToString(Phase phase) {
  switch (phase) {
    case Phase::kStarting:
      return "starting";
    case Phase::kReady:
      return "ready";
    case Phase::kReloading:
      return "reloading";
    case Phase::kStopping:
      return "stopping";
  }
  return "starting";
}

void Lifecycle::LoadFinished(const std::string& status) {
  if (phase_ != Phase::kStarting) return;
  phase_ = Phase::kReady;
  status_ = status;
  notifier_.Notify("READY=1\nSTATUS=" + status);
}

void Lifecycle::ReloadStarted(std::chrono::microseconds monotonic_now) {
  if (phase_ != Phase::kReady) return;
  phase_ = Phase::kReloading;
  notifier_.Notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_now.count()) +
                   "\nSTATUS=reloading");
  status_ = "reloading";
}

void Lifecycle::ReloadFinished(const std::string& status) {
  if (phase_ != Phase::kReloading) return;
  phase_ = Phase::kReady;
  status_ = status;
  notifier_.Notify("READY=1\nSTATUS=" + status);
}

void Lifecycle::StopStarted() {
  if (phase_ == Phase::kStopping) return;
  phase_ = Phase::kStopping;
  status_ = "stopping";
  notifier_.Notify("STOPPING=1\nSTATUS=stopping");
}

void Lifecycle::SetStatus(const std::string& status) {
  if (phase_ != Phase::kReady || status == status_) return;
  status_ = status;
  notifier_.Notify("STATUS=" + status);
}

void Lifecycle::WatchdogTick(bool engine_made_progress) {
  if (engine_made_progress && phase_ != Phase::kStopping) notifier_.Notify("WATCHDOG=1");
}

}  // namespace awsr
