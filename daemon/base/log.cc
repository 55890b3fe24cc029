#include "daemon/base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "systemd/journal.h"

namespace awsr::log {
namespace {

bool g_to_journald = false;

std::shared_ptr<spdlog::logger> StderrLogger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto created = spdlog::stderr_logger_mt("awsreconciled");
    created->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    return created;
  }();
  return logger;
}

void AppendField(std::string& line, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  line += ' ';
  line += key;
  line += '=';
  line += value;
}

}  // namespace

void Init(std::string_view level, bool to_journald) {
  g_to_journald = to_journald;
  SetLevel(level);
}

void SetLevel(std::string_view level) {
  StderrLogger()->set_level(spdlog::level::from_str(std::string(level)));
}

bool Enabled(spdlog::level::level_enum level) { return StderrLogger()->should_log(level); }

void Write(spdlog::level::level_enum level, const Fields& fields, std::string_view message) {
  if (g_to_journald) {
    systemd::JournalSend(
        level, message,
        {{"RESOURCE", fields.resource}, {"TYPE", fields.type}, {"ACTION", fields.action}});
    return;
  }
  std::string line(message);
  AppendField(line, "resource", fields.resource);
  AppendField(line, "type", fields.type);
  AppendField(line, "action", fields.action);
  StderrLogger()->log(level, line);
}

}  // namespace awsr::log
