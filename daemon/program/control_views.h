// How the command line shows the control API's answers to a person. Pure: JSON in, text out.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace awsr {

// `command` and `operands` as typed (e.g. "get", {"resources", "MainVpc"}); `body` is the API's
// answer. `names_only` prints one logical ID (or file name) per line, for scripts and completion.
std::string RenderView(const std::string& command, const std::vector<std::string>& operands,
                       const nlohmann::json& body, bool names_only, bool colour);

// One event on one line: time, logical ID, action, message.
std::string EventLine(const nlohmann::json& event);

}  // namespace awsr
