// EC2's wire shapes of tags: tag filters, TagSpecifications and the tagSet of its answers. Pure.
// What a tag means (ownership, the user's Tags) is the engine's and the kit's.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::ec2 {

using engine::TagChanges;
using engine::TagMap;

// One element of a describe's "Filter" list: {Name, Value: [...]}.
nlohmann::json Filter(std::string name, std::vector<std::string> values);
// Matches the resources this daemon owns or released (one filter: EC2 ORs its values).
nlohmann::json OwnerFilter(const std::string& owner);

// The create call's "TagSpecification" list carrying the file's Tags and the ownership tags,
// so the resource is never visible untagged.
nlohmann::json TagSpecifications(std::string_view resource_type,
                                 const engine::DesiredResource& desired);

// AWS's tagSet ([{key, value}] as XmlToJson gives it) as a map.
TagMap ReadTagSet(const nlohmann::json& tag_set);

}  // namespace awsr::reconcilers::ec2
