// ECS tags: [{key, value}] in lower case, set and removed by ARN (TagResource, UntagResource)
// on clusters, services and task definition revisions alike. The ARN is the observed
// resource's "Arn" in `internal`.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::ecs {

// The create call's tags: the file's Tags and the ownership tags, as ECS spells them.
nlohmann::json EcsCreationTags(const engine::DesiredResource& desired);
// ECS's tag list as a map; an absent or empty list is no tags. Pure.
engine::TagMap EcsTagMap(const nlohmann::json& tags);

// How ECS chains pages, for CallAllPages (whose defaulted arguments must not appear inside a
// co_await expression under GCC 12).
inline const aws::PageTokens kEcsPageTokens{"nextToken", "nextToken"};
inline constexpr int kMaxEcsPages = 10000;

// A call to ECS in `region`.
aws::CallRequest EcsCall(const std::string& region, std::string operation, nlohmann::json params);

std::shared_ptr<engine::Ownership> EcsTags(aws::AwsClient& client);

}  // namespace awsr::reconcilers::ecs
