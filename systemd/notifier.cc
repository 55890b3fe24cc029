#include "systemd/notifier.h"

#include <sys/stat.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <string>

namespace awsr::systemd {

void SdNotifier::Notify(std::string_view state) {
  sd_notify(/*unset_environment=*/0, std::string(state).c_str());
}

std::optional<std::chrono::microseconds> WatchdogTimeout() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(/*unset_environment=*/0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

bool StderrIsJournal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  struct stat info {};
  if (fstat(STDERR_FILENO, &info) != 0) return false;
  const std::string expected =
      std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
  return expected == stream;
}

}  // namespace awsr::systemd
