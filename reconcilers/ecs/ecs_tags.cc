#include "reconcilers/ecs/ecs_tags.h"

#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::ecs {

using nlohmann::json;

json EcsCreationTags(const engine::DesiredResource& desired) {
  json tags = json::array();
  for (const auto& [key, value] : kit::CreationTags(desired))
    tags.push_back({{"key", key}, {"value", value}});
  return tags;
}

engine::TagMap EcsTagMap(const json& tags) {
  engine::TagMap map;
  if (!tags.is_array()) return map;
  for (const auto& tag : tags) map[StringField(tag, "key")] = StringField(tag, "value");
  return map;
}

aws::CallRequest EcsCall(const std::string& region, std::string operation, json params) {
  return kit::RegionCall("ecs", region, std::move(operation), std::move(params));
}

std::shared_ptr<engine::Ownership> EcsTags(aws::AwsClient& client) {
  return std::make_shared<kit::TagCalls>(
      client,
      [](const engine::ObservedResource& observed, const engine::TagMap& set) {
        json tags = json::array();
        for (const auto& [key, value] : set) tags.push_back({{"key", key}, {"value", value}});
        return EcsCall(observed.region, "TagResource",
                       {{"resourceArn", StringField(observed.internal, "Arn")}, {"tags", tags}});
      },
      [](const engine::ObservedResource& observed, const std::vector<std::string>& remove) {
        return EcsCall(observed.region, "UntagResource",
                       {{"resourceArn", StringField(observed.internal, "Arn")},
                        {"tagKeys", remove}});
      });
}

}  // namespace awsr::reconcilers::ecs
