// One small logging wrapper: every line can carry the resource, type and action it is about.
// Under systemd (JOURNAL_STREAM set) lines go to journald with those as structured fields;
// otherwise to stderr through spdlog with the fields appended as key=value.
#pragma once

#include <fmt/format.h>
#include <spdlog/common.h>

#include <string>
#include <string_view>

namespace awsr::log {

struct Fields {
  std::string_view resource = {};  // logical ID
  std::string_view type = {};      // CloudFormation type
  std::string_view action = {};    // create, update, delete, observe, reload, ...
};

// Chooses the sink and level; journald when the process was started by systemd.
void Init(std::string_view level, bool to_journald);
void SetLevel(std::string_view level);
bool Enabled(spdlog::level::level_enum level);

void Write(spdlog::level::level_enum level, const Fields& fields, std::string_view message);

template <typename... Args>
void Info(const Fields& fields, fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(spdlog::level::info))
    Write(spdlog::level::info, fields, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Warn(const Fields& fields, fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(spdlog::level::warn))
    Write(spdlog::level::warn, fields, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Error(const Fields& fields, fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(spdlog::level::err))
    Write(spdlog::level::err, fields, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Debug(const Fields& fields, fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(spdlog::level::debug))
    Write(spdlog::level::debug, fields, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace awsr::log
