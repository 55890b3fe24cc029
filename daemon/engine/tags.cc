#include "daemon/engine/tags.h"

#include "daemon/engine/diff.h"

namespace awsr::engine {

using nlohmann::json;

bool IsReservedTag(std::string_view key) { return key.starts_with("awsreconciled:"); }

std::string TagValue(const TagMap& tags, std::string_view key) {
  const auto found = tags.find(key);
  return found == tags.end() ? std::string() : found->second;
}

TagMap TagsFromList(const json& tags) {
  TagMap map;
  if (!tags.is_array()) return map;
  for (const auto& tag : tags) {
    if (!tag.is_object() || !tag.contains("Key") || !tag["Key"].is_string()) continue;
    const auto value = tag.contains("Value") ? ScalarText(tag["Value"]) : std::nullopt;
    map[tag["Key"].get<std::string>()] = value.value_or("");
  }
  return map;
}

json TagList(const TagMap& tags) {
  json list = json::array();
  for (const auto& [key, value] : tags) list.push_back({{"Key", key}, {"Value", value}});
  return list;
}

TagChanges UserTagChanges(const json& desired_tags, const TagMap& observed) {
  TagChanges changes;
  const TagMap desired = TagsFromList(desired_tags);
  for (const auto& [key, value] : desired) {
    if (IsReservedTag(key)) continue;
    const auto seen = observed.find(key);
    if (seen == observed.end() || seen->second != value) changes.set[key] = value;
  }
  for (const auto& [key, value] : observed) {
    if (!IsReservedTag(key) && !desired.contains(key)) changes.remove.push_back(key);
  }
  return changes;
}

}  // namespace awsr::engine
