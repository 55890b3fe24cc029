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
#include "reconcilers/ec2/ec2_claims.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {

aws::CallRequest Ec2Call(std::string region, std::string operation,
                         nlohmann::json params = nlohmann::json::object());

// A describe of one resource by ID: DescribeRouteTables with RouteTableId.1 = id.
aws::CallRequest DescribeByIdCall(std::string region, std::string operation,
                                  std::string id_member, std::string id);

// Every item of `list_field` ("vpcSet", "securityGroupInfo") over all pages of a describe.
boost::asio::awaitable<Result<nlohmann::json>> DescribeAll(aws::AwsClient& client,
                                                           aws::CallRequest call,
                                                           std::string list_field);

// Every item of `list_field` of a describe `operation` filtered to the resources `owner` owns,
// `page_size` (the operation's largest MaxResults) at a time.
boost::asio::awaitable<Result<nlohmann::json>> DescribeOwned(aws::AwsClient& client,
                                                             std::string region, std::string owner,
                                                             std::string operation,
                                                             std::string list_field, int page_size);

// The one item a describe by ID returns; kNotFound when it returns none.
boost::asio::awaitable<Result<nlohmann::json>> DescribeOne(aws::AwsClient& client,
                                                           aws::CallRequest call,
                                                           std::string list_field);

// CreateTags for `changes.set`, then DeleteTags for `changes.remove`; no call when empty.
boost::asio::awaitable<Result<void>> ApplyTagChanges(aws::AwsClient& client, std::string region,
                                                     std::string resource_id, TagChanges changes);

// Brings the observed user tags to the file's Tags (Update's share of every tagged type).
boost::asio::awaitable<Result<void>> SyncUserTags(aws::AwsClient& client,
                                                  engine::DesiredResource desired,
                                                  engine::ObservedResource observed);

// Reconciler::RetagOwnership for any tagged EC2 resource.
boost::asio::awaitable<Result<void>> Retag(aws::AwsClient& client,
                                           engine::ObservedResource observed,
                                           std::map<std::string, std::string> add,
                                           std::vector<std::string> remove);

// Writes the claim of `desired` on its parent (ec2_claims.h): before the sub-resource exists.
boost::asio::awaitable<Result<void>> WriteClaim(aws::AwsClient& client,
                                                engine::DesiredResource desired, ClaimSite site);
// Removes a claim once its sub-resource is gone; a parent already gone is fine.
boost::asio::awaitable<Result<void>> DropClaim(aws::AwsClient& client,
                                               engine::ObservedResource observed);
// Reconciler::RetagOwnership for a claimed sub-resource: the claim on the parent changes.
boost::asio::awaitable<Result<void>> RetagClaim(aws::AwsClient& client,
                                                engine::ObservedResource observed,
                                                std::map<std::string, std::string> add,
                                                std::vector<std::string> remove);

// A delete that treats "already gone" as done.
boost::asio::awaitable<Result<void>> DeleteIgnoringNotFound(aws::AwsClient& client,
                                                            aws::CallRequest call);

// A string member of a response or of resolved properties; "" when absent or not a string.
std::string StringField(const nlohmann::json& object, const char* member);

// A boolean of a response or of the file: true, or "true" (XML answers and files may say either).
bool IsTrue(const nlohmann::json& value);

// Delete and RetagOwnership only get the observed resource, so it remembers its region.
void RememberRegion(engine::ObservedResource& observed, const std::string& region);
std::string RegionOf(const engine::ObservedResource& observed);

}  // namespace awsr::reconcilers::ec2
