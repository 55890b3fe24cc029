// Structured journald logging; the only journald call in the project.
#pragma once

#include <spdlog/common.h>

#include <string_view>
#include <utility>
#include <vector>

namespace awsr::systemd {

// Sends one entry with MESSAGE, PRIORITY and the given fields (empty values are left out).
void JournalSend(spdlog::level::level_enum level, std::string_view message,
                 const std::vector<std::pair<std::string_view, std::string_view>>& fields);

}  // namespace awsr::systemd
