#include "reconcilers/elbv2/elbv2_calls.h"

#include <algorithm>

#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::elbv2 {
namespace {

using nlohmann::json;

constexpr std::size_t kTagArnsPerCall = 20;

json ArnList(const std::string& arn) { return json::array({arn}); }

// The tags of the ARNs in `batch` (20 at most), read in one call.
engine::Task<std::map<std::string, engine::TagMap>> DescribeTagBatch(aws::AwsClient& client,
                                                                     std::string region,
                                                                     json batch) {
  const aws::CallRequest call =
      Elbv2Call(region, "DescribeTags", {{"ResourceArns", std::move(batch)}});
  auto described = co_await client.Call(call);
  if (!described) co_return described.error();
  std::map<std::string, engine::TagMap> tags;
  for (const auto& entry : aws::AsList(described->data.value("TagDescriptions", json()))) {
    tags[StringField(entry, "ResourceArn")] =
        engine::TagsFromList(aws::AsList(entry.value("Tags", json())));
  }
  co_return tags;
}

// The balancer's owner tag; empty when it has none.
std::string OwnerTagOf(const LoadBalancerList& list, const std::string& arn) {
  const auto tags = list.tags.find(arn);
  if (tags == list.tags.end()) return "";
  const auto owner = tags->second.find(std::string(engine::kOwnerTag));
  return owner == tags->second.end() ? "" : owner->second;
}

}  // namespace

aws::CallRequest Elbv2Call(std::string region, std::string operation, json params) {
  return kit::RegionCall(kElbv2Service, std::move(region), std::move(operation), std::move(params));
}

engine::Task<std::vector<json>> DescribeAll(aws::AwsClient& client, aws::CallRequest call,
                                            std::string list_field) {
  call.params["PageSize"] = 400;
  const aws::PageTokens tokens{"Marker", "NextMarker"};
  auto pages = co_await client.CallAllPages(call, tokens, 10000);
  if (!pages) co_return pages.error();
  std::vector<json> items;
  for (const auto& page : *pages) {
    for (const auto& item : aws::AsList(page.value(list_field, json()))) items.push_back(item);
  }
  co_return items;
}

engine::Task<std::vector<ChildRecord>> DescribeUnder(aws::AwsClient& client, std::string region,
                                                     std::string operation,
                                                     std::string parent_param,
                                                     std::vector<std::string> parents,
                                                     std::string list_field) {
  std::vector<ChildRecord> items;
  for (const auto& parent : parents) {
    const aws::CallRequest call = Elbv2Call(region, operation, {{parent_param, parent}});
    auto found = co_await DescribeAll(client, call, list_field);
    if (!found && found.error().kind == ErrorKind::kNotFound) continue;
    if (!found) co_return found.error();
    for (auto& item : *found) items.push_back(ChildRecord{parent, std::move(item)});
  }
  co_return items;
}

engine::Task<std::map<std::string, engine::TagMap>> DescribeTags(aws::AwsClient& client,
                                                                 std::string region,
                                                                 std::vector<std::string> arns) {
  std::map<std::string, engine::TagMap> tags;
  for (std::size_t start = 0; start < arns.size(); start += kTagArnsPerCall) {
    const auto end = std::min(arns.size(), start + kTagArnsPerCall);
    json batch = json::array();
    for (std::size_t i = start; i < end; ++i) batch.push_back(arns[i]);
    auto read = co_await DescribeTagBatch(client, region, batch);
    // One ARN deleted since it was listed fails the whole batch: read its ARNs one by one,
    // leaving out those that are gone (they are gone from the listing next cycle too).
    if (!read && read.error().kind == ErrorKind::kNotFound && batch.size() > 1) {
      for (const auto& arn : batch) {
        json alone = json::array();
        alone.push_back(arn);
        auto one = co_await DescribeTagBatch(client, region, std::move(alone));
        if (!one && one.error().kind == ErrorKind::kNotFound) continue;
        if (!one) co_return one.error();
        tags.merge(*one);
      }
      continue;
    }
    if (!read) co_return read.error();
    tags.merge(*read);
  }
  co_return tags;
}

void SetTags(engine::ObservedResource& observed, const std::map<std::string, engine::TagMap>& tags,
             bool user_tags) {
  const auto found = tags.find(observed.physical_id);
  if (found != tags.end()) observed.tags = found->second;
  if (user_tags) observed.properties.Set("Tags", kit::UserTags(observed.tags));
}

engine::Task<LoadBalancerList> ReadLoadBalancers(aws::AwsClient& client, std::string region) {
  const aws::CallRequest call = Elbv2Call(region, "DescribeLoadBalancers");
  auto records = co_await DescribeAll(client, call, "LoadBalancers");
  if (!records) co_return records.error();
  std::vector<std::string> arns;
  for (const auto& balancer : *records) arns.push_back(StringField(balancer, "LoadBalancerArn"));
  auto tags = co_await DescribeTags(client, region, arns);
  if (!tags) co_return tags.error();
  LoadBalancerList list{std::move(*records), std::move(*tags)};
  co_return list;
}

std::vector<std::string> OwnedLoadBalancerArns(const LoadBalancerList& list,
                                               const std::string& owner,
                                               const std::vector<std::string>& wanted,
                                               bool everything) {
  std::vector<std::string> owned;
  for (const auto& balancer : list.records) {
    const std::string arn = StringField(balancer, "LoadBalancerArn");
    const std::string owner_tag = OwnerTagOf(list, arn);
    const bool ours = !owner_tag.empty() && kit::IsOursOrReleased(owner_tag, owner);
    if (everything || ours || std::find(wanted.begin(), wanted.end(), arn) != wanted.end())
      owned.push_back(arn);
  }
  return owned;
}

std::unique_ptr<engine::Ownership> Elbv2Tags(aws::AwsClient& client) {
  return std::make_unique<kit::TagCalls>(
      client,
      [](const engine::ObservedResource& observed, const engine::TagMap& tags) {
        return Elbv2Call(
            observed.region, "AddTags",
            {{"ResourceArns", ArnList(observed.physical_id)}, {"Tags", engine::TagList(tags)}});
      },
      [](const engine::ObservedResource& observed, const std::vector<std::string>& keys) {
        return Elbv2Call(observed.region, "RemoveTags",
                         {{"ResourceArns", ArnList(observed.physical_id)}, {"TagKeys", keys}});
      });
}

}  // namespace awsr::reconcilers::elbv2
