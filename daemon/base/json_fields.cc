#include "daemon/base/json_fields.h"

namespace awsr {

std::string StringField(const nlohmann::json& object, std::string_view member) {
  if (!object.is_object()) return {};
  const auto found = object.find(member);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

bool IsTrue(const nlohmann::json& value) {
  return value.is_boolean() ? value.get<bool>()
                            : value.is_string() && value.get<std::string>() == "true";
}

}  // namespace awsr
