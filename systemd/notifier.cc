#include "systemd/notifier.h"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "systemd/unix_datagram.h"

namespace awsr::systemd {
namespace {

// The whole of `text` as a number, or nothing.
template <typename Number>
std::optional<Number> WholeNumber(const char* text) {
  Number number{};
  const char* end = text + std::strlen(text);
  const auto [stop, error] = std::from_chars(text, end, number);
  if (error != std::errc() || stop != end || stop == text) return std::nullopt;
  return number;
}

}  // namespace

void SdNotifier::Notify(std::string_view state) {
  // The manager reads the sender's credentials from the socket it set SO_PASSCRED on.
  const char* socket = std::getenv("NOTIFY_SOCKET");
  if (socket == nullptr) return;
  if (const auto address = ParseUnixAddress(socket)) SendDatagram(*address, state);
}

std::optional<std::chrono::microseconds> ParseWatchdog(const char* usec, const char* pid,
                                                       pid_t self) {
  if (usec == nullptr) return std::nullopt;
  if (pid != nullptr && WholeNumber<pid_t>(pid) != self) return std::nullopt;
  const auto interval = WholeNumber<std::uint64_t>(usec);
  if (!interval || *interval == 0 || *interval > std::uint64_t{INT64_MAX}) return std::nullopt;
  return std::chrono::microseconds(*interval);
}

std::optional<std::chrono::microseconds> WatchdogTimeout() {
  return ParseWatchdog(std::getenv("WATCHDOG_USEC"), std::getenv("WATCHDOG_PID"), ::getpid());
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
