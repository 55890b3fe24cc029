// How the daemon tells its supervisor about its state (sd_notify(3)); a fake in tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string_view>

namespace awsr::systemd {

class Notifier {
 public:
  virtual ~Notifier() = default;
  // Sends newline-separated assignments such as "READY=1\nSTATUS=...". Never fails loudly:
  // without a supervisor (no NOTIFY_SOCKET) it does nothing.
  virtual void Notify(std::string_view state) = 0;
};

class SdNotifier : public Notifier {
 public:
  void Notify(std::string_view state) override;
};

// The interval systemd expects WATCHDOG=1 within (WATCHDOG_USEC), if the watchdog is enabled.
std::optional<std::chrono::microseconds> WatchdogTimeout();
// What WatchdogTimeout reads in WATCHDOG_USEC and WATCHDOG_PID (null when unset), for the
// process `self`: a whole number of microseconds above zero, meant for `self` when a PID is set.
std::optional<std::chrono::microseconds> ParseWatchdog(const char* usec, const char* pid,
                                                       pid_t self);

// True when stderr is connected to the journal (JOURNAL_STREAM matches it).
bool StderrIsJournal();

}  // namespace awsr::systemd
