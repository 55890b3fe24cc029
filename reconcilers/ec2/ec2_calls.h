// EC2 calls every EC2 reconciler makes the same way: building a call for a region, reading
// every page of a describe, tagging, and deleting with "not found" tolerated.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "daemon/error.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {

aws::CallRequest Ec2Call(std::string region, std::string operation,
                         nlohmann::json params = nlohmann::json::object());

// Every item of `list_field` ("vpcSet", "securityGroupInfo") over all pages of a describe.
boost::asio::awaitable<Result<nlohmann::json>> DescribeAll(aws::AwsClient& client,
                                                           aws::CallRequest call,
                                                           std::string list_field);

// CreateTags for `changes.set`, then DeleteTags for `changes.remove`; no call when empty.
boost::asio::awaitable<Result<void>> ApplyTagChanges(aws::AwsClient& client, std::string region,
                                                     std::string resource_id, TagChanges changes);

// Reconciler::RetagOwnership for any tagged EC2 resource.
boost::asio::awaitable<Result<void>> Retag(aws::AwsClient& client,
                                           engine::ObservedResource observed,
                                           std::map<std::string, std::string> add,
                                           std::vector<std::string> remove);

// A delete that treats "already gone" as done.
boost::asio::awaitable<Result<void>> DeleteIgnoringNotFound(aws::AwsClient& client,
                                                            aws::CallRequest call);

// A string member of a response or of resolved properties; "" when absent or not a string.
std::string StringField(const nlohmann::json& object, const char* member);

// Delete and RetagOwnership only get the observed resource, so it remembers its region.
void RememberRegion(engine::ObservedResource& observed, const std::string& region);
std::string RegionOf(const engine::ObservedResource& observed);

}  // namespace awsr::reconcilers::ec2
