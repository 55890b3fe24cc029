#include "reconcilers/kit/json_member_case.h"

#include <cctype>

namespace awsr::reconcilers::kit {
namespace {

using nlohmann::json;

template <typename Rename>
json ConvertMembers(const json& value, const std::set<std::string>& keep, Rename rename) {
  if (value.is_array()) {
    json converted = json::array();
    for (const auto& item : value) converted.push_back(ConvertMembers(item, keep, rename));
    return converted;
  }
  if (!value.is_object()) return value;
  json converted = json::object();
  for (const auto& [name, member] : value.items()) {
    std::string renamed = rename(name);
    // A kept map's keys are the user's; the values inside it are plain text.
    converted[renamed] =
        keep.contains(LowerFirst(name)) ? member : ConvertMembers(member, keep, rename);
  }
  return converted;
}

}  // namespace

std::string LowerFirst(std::string name) {
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name;
}

std::string UpperFirst(std::string name) {
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

json ToCamelCase(const json& value, const std::set<std::string>& keep) {
  return ConvertMembers(value, keep, [](const std::string& name) { return LowerFirst(name); });
}

json ToPascalCase(const json& value, const std::set<std::string>& keep) {
  return ConvertMembers(value, keep, [](const std::string& name) { return UpperFirst(name); });
}

}  // namespace awsr::reconcilers::kit
