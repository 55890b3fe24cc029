// EC2 calls every EC2 reconciler makes the same way: building a call for a region and reading
// every page of a describe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/base/json_fields.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/ec2/ec2_tags.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/observed_memo.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::ec2 {

using engine::Task;

aws::CallRequest Ec2Call(std::string region, std::string operation,
                         nlohmann::json params = nlohmann::json::object());

// A describe of one resource by ID: DescribeRouteTables with RouteTableId.1 = id.
aws::CallRequest DescribeByIdCall(std::string region, std::string operation, std::string id_member,
                                  std::string id);

// Every item of `list_field` ("vpcSet", "securityGroupInfo") over all pages of a describe.
Task<nlohmann::json> DescribeAll(aws::AwsClient& client, aws::CallRequest call,
                                 std::string list_field);

// A describe `operation` filtered to the resources the scope's owner owns (everything, for
// export), `page_size` (the operation's largest MaxResults) at a time.
aws::CallRequest OwnedCall(const engine::ObserveScope& scope, std::string operation, int page_size);

// A describe `operation` narrowed by the filter `name` to `values`, in as many calls as EC2's
// limit of 200 values a filter needs; also filtered to the scope's owner when `owned`.
std::vector<aws::CallRequest> FilteredCalls(const engine::ObserveScope& scope,
                                            const std::string& operation, int page_size,
                                            const std::string& name,
                                            const std::vector<std::string>& values, bool owned);

// The owned describe narrowed to the scope's focus (ObserveScope::focus) by the logical-ID tag.
std::vector<aws::CallRequest> FocusedCalls(const engine::ObserveScope& scope,
                                           const std::string& operation, int page_size);

// Every item of `list_field` the calls describe, as `from_item` reads it, each resource once.
Task<std::vector<engine::ObservedResource>> DescribeEach(aws::AwsClient& client,
                                                         std::vector<aws::CallRequest> calls,
                                                         std::string list_field,
                                                         kit::ObservedMemo::Convert from_item);

// Every item of `list_field` of a describe `operation` filtered to the resources the scope's
// owner owns, `page_size` (the operation's largest MaxResults) at a time.
Task<nlohmann::json> DescribeOwned(aws::AwsClient& client, engine::ObserveScope scope,
                                   std::string operation, std::string list_field, int page_size);

// Every item of `list_field` over all pages of a describe, as `from_item` reads it; asked only
// for the items `memo` did not hold from its last read, which this read then replaces. What
// the engine holds equal to a resource made (`held_equal`, the scope's) is kept instead.
Task<engine::ObservedList> DescribeObserved(aws::AwsClient& client, aws::CallRequest call,
                                            std::string list_field, kit::ObservedMemo& memo,
                                            kit::ObservedMemo::Convert from_item,
                                            kit::ObservedMemo::HeldEqual held_equal);

// The one item a describe by ID returns; kNotFound when it returns none.
Task<nlohmann::json> DescribeOne(aws::AwsClient& client, aws::CallRequest call,
                                 std::string list_field);

// After a create refused as a duplicate: the item `call` describes that `from_item` shows as
// ours (an earlier create whose answer was lost), else the `duplicate` error.
template <typename FromItem>
Task<engine::ObservedResource> FindOwnDuplicate(aws::AwsClient& client, aws::CallRequest call,
                                                std::string list_field,
                                                engine::DesiredResource desired, Error duplicate,
                                                FromItem from_item) {
  auto items = co_await DescribeAll(client, std::move(call), std::move(list_field));
  if (!items) co_return items.error();
  for (const auto& item : *items) {
    engine::ObservedResource existing = from_item(item, desired.region);
    if (kit::IsOwnedBy(existing.tags, desired)) co_return existing;
  }
  co_return duplicate;
}

}  // namespace awsr::reconcilers::ec2
