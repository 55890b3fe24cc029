#include "systemd/journal.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

namespace awsr::systemd {
namespace {

constexpr std::string_view kJournalSocket = "/run/systemd/journal/socket";

int SyslogPriority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return LOG_DEBUG;
    case spdlog::level::info: return LOG_INFO;
    case spdlog::level::warn: return LOG_WARNING;
    case spdlog::level::err: return LOG_ERR;
    case spdlog::level::critical: return LOG_CRIT;
    default: return LOG_INFO;
  }
}

// `entry` in a memory file sealed against change, as journald requires of one it is handed.
int SealedMemoryFile(std::string_view entry) {
  const int file = ::memfd_create("journal-entry", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (file < 0) return -1;
  for (std::size_t written = 0; written < entry.size();) {
    const ssize_t result = ::write(file, entry.data() + written, entry.size() - written);
    if (result < 0 && errno == EINTR) continue;
    if (result <= 0) {
      ::close(file);
      return -1;
    }
    written += static_cast<std::size_t>(result);
  }
  if (::fcntl(file, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    ::close(file);
    return -1;
  }
  return file;
}

}  // namespace

std::string JournalEntry(const JournalFields& fields) {
  std::string entry;
  for (const auto& [name, value] : fields) {
    entry += name;
    if (value.find('\n') == std::string_view::npos) {
      entry += '=';
    } else {
      entry += '\n';
      for (std::uint64_t size = value.size(), byte = 0; byte < 8; ++byte, size >>= 8) {
        entry += static_cast<char>(size & 0xff);
      }
    }
    entry += value;
    entry += '\n';
  }
  return entry;
}

int SendJournalEntry(const UnixAddress& journal, std::string_view entry) {
  const int sent = SendDatagram(journal, entry);
  if (sent != EMSGSIZE && sent != ENOBUFS) return sent;
  const int file = SealedMemoryFile(entry);
  if (file < 0) return errno;
  const int handed = SendDatagram(journal, {}, file);
  ::close(file);
  return handed;
}

void JournalSend(spdlog::level::level_enum level, std::string_view message,
                 const JournalFields& fields) {
  static const std::optional<UnixAddress> journal = ParseUnixAddress(kJournalSocket);
  const std::string priority = std::to_string(SyslogPriority(level));
  JournalFields entry{
      {"MESSAGE", message}, {"PRIORITY", priority}, {"SYSLOG_IDENTIFIER", "awsreconciled"}};
  for (const auto& field : fields) {
    if (!field.second.empty()) entry.push_back(field);
  }
  // Like sd_journal_send: an entry the journal cannot take is lost, never an error to its caller.
  if (journal) SendJournalEntry(*journal, JournalEntry(entry));
}

}  // namespace awsr::systemd
