// Reading members of JSON that came from outside (AWS answers, files, credential helpers)
// without trusting their types.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace awsr {

// A string member; "" when `object` is not an object, or the member is absent or not a string.
std::string StringField(const nlohmann::json& object, std::string_view member);

// A boolean as AWS and files may write it: true, or "true" (XML answers carry text).
bool IsTrue(const nlohmann::json& value);

}  // namespace awsr
