// What the ELBv2 reconcilers share: calls in a region, describes paged by Marker, tags read
// by ARN in batches of 20 (DescribeTags' limit) and set or removed by AddTags/RemoveTags.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"
#include "reconcilers/kit/cycle_shared_read.h"

namespace awsr::reconcilers::elbv2 {

inline constexpr const char* kElbv2Service = "elasticloadbalancing";

aws::CallRequest Elbv2Call(std::string region, std::string operation,
                           nlohmann::json params = nlohmann::json::object());

// Every item of `list_field` over all pages of `call` (Marker/NextMarker, 400 a page).
engine::Task<std::vector<nlohmann::json>> DescribeAll(aws::AwsClient& client, aws::CallRequest call,
                                                      std::string list_field);

// The items of `list_field` that `operation` lists under each parent ARN (DescribeListeners by
// LoadBalancerArn, DescribeRules by ListenerArn), each with its parent's ARN (a rule does not
// name its listener); a parent AWS no longer knows has none.
struct ChildRecord {
  std::string parent;
  nlohmann::json record;
};
engine::Task<std::vector<ChildRecord>> DescribeUnder(aws::AwsClient& client, std::string region,
                                                     std::string operation,
                                                     std::string parent_param,
                                                     std::vector<std::string> parents,
                                                     std::string list_field);

// The tags of each ARN, read 20 ARNs a call.
engine::Task<std::map<std::string, engine::TagMap>> DescribeTags(aws::AwsClient& client,
                                                                 std::string region,
                                                                 std::vector<std::string> arns);

// `observed` with its tags: all of them in `tags`, the user's in properties["Tags"] when
// `user_tags` (the CloudFormation type has a Tags property).
void SetTags(engine::ObservedResource& observed, const std::map<std::string, engine::TagMap>& tags,
             bool user_tags);

// Every load balancer of a region with its tags (DescribeLoadBalancers, DescribeTags 20 a
// call): read once a cycle and shared by the balancer, listener and rule types, since
// listeners and rules are found under the balancers that are ours.
struct LoadBalancerList {
  std::vector<nlohmann::json> records;
  std::map<std::string, engine::TagMap> tags;  // by ARN
};
engine::Task<LoadBalancerList> ReadLoadBalancers(aws::AwsClient& client, std::string region);
using SharedLoadBalancers = kit::CycleSharedRead<LoadBalancerList, aws::AwsClient>;

// The balancers of `list` that are `owner`'s (or that it released), plus those whose ARN is in
// `wanted`: the parents whose listeners are looked at; every balancer when `everything`
// (ObserveScope::everything, an export). Pure.
std::vector<std::string> OwnedLoadBalancerArns(const LoadBalancerList& list,
                                               const std::string& owner,
                                               const std::vector<std::string>& wanted,
                                               bool everything = false);

std::unique_ptr<engine::Ownership> Elbv2Tags(aws::AwsClient& client);

}  // namespace awsr::reconcilers::elbv2
