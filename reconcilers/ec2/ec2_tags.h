// Tags on EC2 resources, shared by every EC2 reconciler: the wire shapes of tag filters and
// TagSpecifications, reading AWS's tagSet, and keeping the daemon's own awsreconciled:* tags
// apart from the user's. Pure.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

using TagMap = std::map<std::string, std::string>;

// The daemon's own tags (awsreconciled:*): never shown as user Tags, never changed by Update.
bool IsReservedTag(std::string_view key);

// One element of a describe's "Filter" list: {Name, Value: [...]}.
nlohmann::json Filter(std::string name, std::vector<std::string> values);
// Matches the resources this daemon owns.
nlohmann::json OwnerFilter(const std::string& owner);

// The tags a resource gets at creation: the file's Tags plus the ownership tags.
TagMap CreationTags(const engine::DesiredResource& desired);
// The create call's "TagSpecification" list carrying CreationTags, so the resource is never
// visible untagged.
nlohmann::json TagSpecifications(std::string_view resource_type,
                                 const engine::DesiredResource& desired);

// AWS's tagSet ([{key, value}] as XmlToJson gives it) as a map.
TagMap ReadTagSet(const nlohmann::json& tag_set);
// CloudFormation's [{Key, Value}] for the user's tags only, sorted by key.
nlohmann::json UserTags(const TagMap& tags);

// Whether `tags` mark the resource as the one `desired` would have created.
bool IsOwnedBy(const TagMap& tags, const engine::DesiredResource& desired);

struct TagChanges {
  TagMap set;                       // added or with a new value
  std::vector<std::string> remove;  // keys
  bool empty() const { return set.empty() && remove.empty(); }
};

// What turns the observed user tags into the file's Tags; reserved tags are left alone.
TagChanges UserTagChanges(const nlohmann::json& desired_tags, const TagMap& observed);

}  // namespace awsr::reconcilers::ec2
