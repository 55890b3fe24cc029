#include "reconcilers/sns/sns_calls.h"

#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::sns {

using nlohmann::json;

aws::CallRequest SnsCall(std::string region, std::string operation, json params) {
  return kit::RegionCall("sns", std::move(region), std::move(operation), std::move(params));
}

namespace {

// The ':'-separated field `index` of an ARN, or empty.
std::string SnsArnField(const std::string& arn, int index) {
  size_t start = 0;
  for (int field = 0; field < index; ++field) {
    start = arn.find(':', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  const size_t end = arn.find(':', start);
  return arn.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

std::string TopicRegion(const std::string& topic_arn) { return SnsArnField(topic_arn, 3); }
std::string TopicName(const std::string& topic_arn) { return SnsArnField(topic_arn, 5); }

engine::Task<engine::TagMap> TopicTags(aws::AwsClient& client, std::string topic_arn) {
  const aws::CallRequest call =
      SnsCall(TopicRegion(topic_arn), "ListTagsForResource", {{"ResourceArn", topic_arn}});
  auto listed = co_await client.Call(call);
  if (!listed) co_return listed.error();
  co_return engine::TagsFromList(aws::AsList(listed->data.value("Tags", json())));
}

std::shared_ptr<engine::Ownership> TopicTagCalls(aws::AwsClient& client) {
  auto set = [](const engine::ObservedResource& topic, const engine::TagMap& tags) {
    return SnsCall(topic.region, "TagResource",
                   {{"ResourceArn", topic.physical_id}, {"Tags", engine::TagList(tags)}});
  };
  auto remove = [](const engine::ObservedResource& topic, const std::vector<std::string>& keys) {
    return SnsCall(topic.region, "UntagResource",
                   {{"ResourceArn", topic.physical_id}, {"TagKeys", keys}});
  };
  return std::make_shared<kit::TagCalls>(client, std::move(set), std::move(remove));
}

}  // namespace awsr::reconcilers::sns
