#include "reconcilers/iam/iam_tags.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"
#include "reconcilers/iam/iam_calls.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

json TagList(const ec2::TagMap& tags) {
  json list = json::array();
  for (const auto& [key, value] : tags) list.push_back({{"Key", key}, {"Value", value}});
  return list;
}

aws::CallRequest TagCall(const TagTarget& target, const ec2::TagMap& tags) {
  return IamCall("Tag" + target.suffix, {{target.member, target.id}, {"Tags", TagList(tags)}});
}

aws::CallRequest UntagCall(const TagTarget& target, const std::vector<std::string>& keys) {
  return IamCall("Untag" + target.suffix, {{target.member, target.id}, {"TagKeys", keys}});
}

}  // namespace

json CreationTagList(const engine::DesiredResource& desired) {
  return TagList(ec2::CreationTags(desired));
}

awaitable<Result<void>> ApplyTagChanges(aws::AwsClient& client, TagTarget target,
                                        ec2::TagChanges changes) {
  if (!changes.set.empty()) {
    auto tagged = co_await CallForEffect(client, TagCall(target, changes.set));
    if (!tagged) co_return tagged;
  }
  if (!changes.remove.empty()) {
    auto untagged = co_await CallForEffect(client, UntagCall(target, changes.remove));
    if (!untagged) co_return untagged;
  }
  co_return Result<void>{};
}

awaitable<Result<void>> SyncUserTags(aws::AwsClient& client, TagTarget target, json desired_tags,
                                     std::map<std::string, std::string> observed) {
  co_return co_await ApplyTagChanges(client, std::move(target),
                                     ec2::UserTagChanges(desired_tags, observed));
}

awaitable<Result<void>> Retag(aws::AwsClient& client, TagTarget target,
                              std::map<std::string, std::string> add,
                              std::vector<std::string> remove) {
  // A named local, not a braced temporary: GCC 12 destroys such a temporary twice when it is
  // an argument of a co_await.
  ec2::TagChanges changes;
  changes.set = std::move(add);
  changes.remove = std::move(remove);
  co_return co_await ApplyTagChanges(client, std::move(target), std::move(changes));
}

awaitable<Result<json>> ExistingIfOurs(aws::AwsClient& client, aws::CallRequest get,
                                       std::string member, engine::DesiredResource desired,
                                       Error duplicate) {
  auto existing = co_await client.Call(std::move(get));
  if (!existing) co_return aws::JsonError(existing.error());
  json entity = existing->data.value(member, json::object());
  const auto tags = engine::TagMap(aws::AsList(entity.value("Tags", json())));
  if (!ec2::IsOwnedBy(tags, desired)) co_return aws::JsonError(std::move(duplicate));
  co_return aws::JsonValue(std::move(entity));
}

}  // namespace awsr::reconcilers::iam
