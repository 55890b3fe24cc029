#include "reconcilers/ec2/ec2_tags.h"

#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "daemon/engine/identity.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

json Filter(std::string name, std::vector<std::string> values) {
  return {{"Name", std::move(name)}, {"Value", std::move(values)}};
}

json OwnerFilter(const std::string& owner) {
  return Filter("tag:" + std::string(engine::kOwnerTag), {owner, engine::ReleasedOwner(owner)});
}

json TagSpecifications(std::string_view resource_type, const engine::DesiredResource& desired) {
  return json::array({{{"ResourceType", resource_type}, {"Tag", kit::CreationTagList(desired)}}});
}

TagMap ReadTagSet(const json& tag_set) {
  TagMap tags;
  for (const auto& tag : aws::AsList(tag_set)) {
    if (!tag.is_object() || !tag.contains("key") || !tag["key"].is_string()) continue;
    tags[tag["key"].get<std::string>()] = StringField(tag, "value");
  }
  return tags;
}

}  // namespace awsr::reconcilers::ec2
