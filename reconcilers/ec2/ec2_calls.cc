#include "reconcilers/ec2/ec2_calls.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"

namespace awsr::reconcilers::ec2 {

using boost::asio::awaitable;
using nlohmann::json;

aws::CallRequest Ec2Call(std::string region, std::string operation, json params) {
  aws::CallRequest call("ec2", std::move(operation), std::move(params));
  call.region = std::move(region);
  return call;
}

aws::CallRequest DescribeByIdCall(std::string region, std::string operation,
                                  std::string id_member, std::string id) {
  json params = json::object();
  params[id_member] = json::array({std::move(id)});
  return Ec2Call(std::move(region), std::move(operation), std::move(params));
}

awaitable<Result<json>> DescribeAll(aws::AwsClient& client, aws::CallRequest call,
                                    std::string list_field) {
  // Every argument spelled out: GCC 12 destroys a defaulted coroutine argument twice when the
  // caller is itself a coroutine.
  const aws::PageTokens detect_tokens;
  auto pages = co_await client.CallAllPages(std::move(call), detect_tokens, 10000);
  if (!pages) co_return aws::JsonError(pages.error());
  json items = json::array();
  for (const auto& page : *pages) {
    for (auto& item : aws::AsList(page.value(list_field, json()))) items.push_back(std::move(item));
  }
  co_return aws::JsonValue(std::move(items));
}

awaitable<Result<json>> DescribeOwned(aws::AwsClient& client, std::string region,
                                      std::string owner, std::string operation,
                                      std::string list_field, int page_size) {
  json params = {{"Filter", {OwnerFilter(owner)}}, {"MaxResults", page_size}};
  co_return co_await DescribeAll(client, Ec2Call(region, operation, std::move(params)),
                                 std::move(list_field));
}

awaitable<Result<json>> DescribeOne(aws::AwsClient& client, aws::CallRequest call,
                                    std::string list_field) {
  const std::string what = call.operation;
  auto items = co_await DescribeAll(client, std::move(call), std::move(list_field));
  if (!items) co_return items;
  if (items->empty()) co_return aws::JsonError(MakeError(ErrorKind::kNotFound, what + ": none"));
  co_return aws::JsonValue(std::move(items->front()));
}

namespace {

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest CreateTagsCall(const std::string& region, const std::string& resource_id,
                                const TagMap& tags) {
  json tag_list = json::array();
  for (const auto& [key, value] : tags) tag_list.push_back({{"Key", key}, {"Value", value}});
  return Ec2Call(region, "CreateTags", {{"ResourceId", {resource_id}}, {"Tag", tag_list}});
}

// A tag given by key alone goes whatever its value.
aws::CallRequest DeleteTagsCall(const std::string& region, const std::string& resource_id,
                                const std::vector<std::string>& keys) {
  json tag_list = json::array();
  for (const auto& key : keys) tag_list.push_back({{"Key", key}});
  return Ec2Call(region, "DeleteTags", {{"ResourceId", {resource_id}}, {"Tag", tag_list}});
}

}  // namespace

awaitable<Result<void>> ApplyTagChanges(aws::AwsClient& client, std::string region,
                                        std::string resource_id, TagChanges changes) {
  if (!changes.set.empty()) {
    auto created = co_await client.Call(CreateTagsCall(region, resource_id, changes.set));
    if (!created) co_return created.error();
  }
  if (!changes.remove.empty()) {
    auto deleted = co_await client.Call(DeleteTagsCall(region, resource_id, changes.remove));
    if (!deleted) co_return deleted.error();
  }
  co_return Result<void>{};
}

awaitable<Result<void>> SyncUserTags(aws::AwsClient& client, engine::DesiredResource desired,
                                     engine::ObservedResource observed) {
  co_return co_await ApplyTagChanges(
      client, desired.region, observed.physical_id,
      UserTagChanges(desired.properties.value("Tags", json::array()), observed.tags));
}

awaitable<Result<void>> Retag(aws::AwsClient& client, engine::ObservedResource observed,
                              std::map<std::string, std::string> add,
                              std::vector<std::string> remove) {
  // A named local, not a braced temporary: GCC 12 destroys such a temporary twice when it is
  // an argument of a co_await.
  TagChanges changes;
  changes.set = std::move(add);
  changes.remove = std::move(remove);
  co_return co_await ApplyTagChanges(client, RegionOf(observed), observed.physical_id,
                                     std::move(changes));
}

awaitable<Result<void>> WriteClaim(aws::AwsClient& client, engine::DesiredResource desired,
                                   ClaimSite site) {
  TagChanges changes;
  changes.set[site.key] = ClaimValue(desired.ownership_tags);
  co_return co_await ApplyTagChanges(client, desired.region, site.parent_id, std::move(changes));
}

awaitable<Result<void>> DropClaim(aws::AwsClient& client, engine::ObservedResource observed) {
  const ClaimSite site = ClaimSiteOf(observed);
  TagChanges changes;
  changes.remove.push_back(site.key);
  auto dropped =
      co_await ApplyTagChanges(client, RegionOf(observed), site.parent_id, std::move(changes));
  if (!dropped && dropped.error().kind != ErrorKind::kNotFound) co_return dropped;
  co_return Result<void>{};
}

awaitable<Result<void>> RetagClaim(aws::AwsClient& client, engine::ObservedResource observed,
                                   std::map<std::string, std::string> add,
                                   std::vector<std::string> remove) {
  const std::string parent_id = ClaimSiteOf(observed).parent_id;
  co_return co_await ApplyTagChanges(client, RegionOf(observed), parent_id,
                                     ClaimRetag(observed, add, remove));
}

awaitable<Result<void>> DeleteIgnoringNotFound(aws::AwsClient& client, aws::CallRequest call) {
  auto deleted = co_await client.Call(std::move(call));
  if (!deleted && deleted.error().kind != ErrorKind::kNotFound) co_return deleted.error();
  co_return Result<void>{};
}

std::string StringField(const json& object, const char* member) {
  const auto found = object.find(member);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

bool IsTrue(const json& value) {
  return value.is_boolean() ? value.get<bool>()
                            : value.is_string() && value.get<std::string>() == "true";
}

void RememberRegion(engine::ObservedResource& observed, const std::string& region) {
  observed.internal["region"] = region;
}

std::string RegionOf(const engine::ObservedResource& observed) {
  return observed.internal.value("region", "");
}

}  // namespace awsr::reconcilers::ec2
