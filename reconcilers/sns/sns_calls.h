// What SNS's two types share: the calls by region, a topic's tags (TagResource and
// UntagResource by ARN), and reading them.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::sns {

aws::CallRequest SnsCall(std::string region, std::string operation, nlohmann::json params);

// The region a topic ARN names (arn:aws:sns:<region>:<account>:<name>), and its name.
std::string TopicRegion(const std::string& topic_arn);
std::string TopicName(const std::string& topic_arn);

// Every tag of the topic, ours included.
engine::Task<engine::TagMap> TopicTags(aws::AwsClient& client, std::string topic_arn);

// Where a topic keeps its tags: on itself, by ARN (its physical ID).
std::shared_ptr<engine::Ownership> TopicTagCalls(aws::AwsClient& client);

}  // namespace awsr::reconcilers::sns
