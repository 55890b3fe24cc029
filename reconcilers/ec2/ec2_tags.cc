#include "reconcilers/ec2/ec2_tags.h"

#include "daemon/aws/xml_to_json.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

bool IsReservedTag(std::string_view key) { return key.starts_with("awsreconciled:"); }

json Filter(std::string name, std::vector<std::string> values) {
  return {{"Name", std::move(name)}, {"Value", std::move(values)}};
}

json OwnerFilter(const std::string& owner) {
  return Filter("tag:" + std::string(engine::kOwnerTag), {owner});
}

TagMap CreationTags(const engine::DesiredResource& desired) {
  TagMap tags = engine::TagMap(desired.properties.value("Tags", json::array()));
  // Ownership wins over a user tag that tries to look like one.
  for (const auto& [key, value] : desired.ownership_tags) tags[key] = value;
  return tags;
}

json TagSpecifications(std::string_view resource_type, const engine::DesiredResource& desired) {
  json tag_list = json::array();
  for (const auto& [key, value] : CreationTags(desired))
    tag_list.push_back({{"Key", key}, {"Value", value}});
  return json::array({{{"ResourceType", resource_type}, {"Tag", tag_list}}});
}

TagMap ReadTagSet(const json& tag_set) {
  TagMap tags;
  for (const auto& tag : aws::AsList(tag_set)) {
    if (!tag.is_object() || !tag.contains("key")) continue;
    tags[tag["key"].get<std::string>()] = tag.value("value", "");
  }
  return tags;
}

json UserTags(const TagMap& tags) {
  json list = json::array();
  for (const auto& [key, value] : tags) {
    if (!IsReservedTag(key)) list.push_back({{"Key", key}, {"Value", value}});
  }
  return list;
}

bool IsOwnedBy(const TagMap& tags, const engine::DesiredResource& desired) {
  const auto tag = [&tags](std::string_view key) {
    const auto found = tags.find(std::string(key));
    return found == tags.end() ? std::string() : found->second;
  };
  const auto owner = desired.ownership_tags.find(std::string(engine::kOwnerTag));
  return owner != desired.ownership_tags.end() && tag(engine::kOwnerTag) == owner->second &&
         tag(engine::kLogicalIdTag) == desired.logical_id;
}

TagChanges UserTagChanges(const json& desired_tags, const TagMap& observed) {
  TagChanges changes;
  const TagMap desired = engine::TagMap(desired_tags);
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

}  // namespace awsr::reconcilers::ec2
