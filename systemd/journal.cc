#include "systemd/journal.h"

#include <sys/uio.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include <string>

namespace awsr::systemd {
namespace {

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

}  // namespace

void JournalSend(spdlog::level::level_enum level, std::string_view message,
                 const std::vector<std::pair<std::string_view, std::string_view>>& fields) {
  std::vector<std::string> entries;
  entries.reserve(fields.size() + 3);
  entries.push_back("MESSAGE=" + std::string(message));
  entries.push_back("PRIORITY=" + std::to_string(SyslogPriority(level)));
  entries.push_back("SYSLOG_IDENTIFIER=awsreconciled");
  for (const auto& [key, value] : fields) {
    if (!value.empty()) entries.push_back(std::string(key) + "=" + std::string(value));
  }
  std::vector<iovec> vectors;
  vectors.reserve(entries.size());
  for (auto& entry : entries) vectors.push_back({entry.data(), entry.size()});
  sd_journal_sendv(vectors.data(), static_cast<int>(vectors.size()));
}

}  // namespace awsr::systemd
