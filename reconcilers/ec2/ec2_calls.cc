#include "reconcilers/ec2/ec2_calls.h"

#include <algorithm>
#include <set>

#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

aws::CallRequest Ec2Call(std::string region, std::string operation, json params) {
  aws::CallRequest call("ec2", std::move(operation), std::move(params));
  call.region = std::move(region);
  return call;
}

aws::CallRequest DescribeByIdCall(std::string region, std::string operation, std::string id_member,
                                  std::string id) {
  json params = json::object();
  params[id_member] = json::array({std::move(id)});
  return Ec2Call(std::move(region), std::move(operation), std::move(params));
}

Task<json> DescribeAll(aws::AwsClient& client, aws::CallRequest call, std::string list_field) {
  // Every argument spelled out: GCC 12 destroys a defaulted coroutine argument twice when the
  // caller is itself a coroutine.
  const aws::PageTokens detect_tokens;
  auto pages = co_await client.CallAllPages(std::move(call), detect_tokens, 10000);
  if (!pages) co_return aws::JsonError(pages.error());
  json items = json::array();
  for (auto& page : *pages) {
    auto field = page.find(list_field);
    if (field == page.end()) continue;
    for (auto& item : aws::AsList(std::move(*field))) items.push_back(std::move(item));
  }
  co_return aws::JsonValue(std::move(items));
}

aws::CallRequest OwnedCall(const engine::ObserveScope& scope, std::string operation,
                           int page_size) {
  json params = {{"MaxResults", page_size}};
  if (!scope.everything) params["Filter"] = json::array({OwnerFilter(scope.owner)});
  return Ec2Call(scope.region, std::move(operation), std::move(params));
}

std::vector<aws::CallRequest> FilteredCalls(const engine::ObserveScope& scope,
                                            const std::string& operation, int page_size,
                                            const std::string& name,
                                            const std::vector<std::string>& values, bool owned) {
  constexpr std::size_t kMaxFilterValues = 200;
  std::vector<aws::CallRequest> calls;
  for (std::size_t first = 0; first < values.size(); first += kMaxFilterValues) {
    const auto end = values.begin() +
                     static_cast<std::ptrdiff_t>(std::min(values.size(), first + kMaxFilterValues));
    aws::CallRequest call = OwnedCall(scope, operation, page_size);
    if (!owned || !call.params.contains("Filter")) call.params["Filter"] = json::array();
    call.params["Filter"].push_back(Filter(
        name, std::vector<std::string>(values.begin() + static_cast<std::ptrdiff_t>(first), end)));
    calls.push_back(std::move(call));
  }
  return calls;
}

std::vector<aws::CallRequest> FocusedCalls(const engine::ObserveScope& scope,
                                           const std::string& operation, int page_size) {
  return FilteredCalls(scope, operation, page_size, "tag:" + std::string(engine::kLogicalIdTag),
                       scope.focus, true);
}

Task<std::vector<engine::ObservedResource>> DescribeEach(aws::AwsClient& client,
                                                         std::vector<aws::CallRequest> calls,
                                                         std::string list_field,
                                                         kit::ObservedMemo::Convert from_item) {
  std::vector<engine::ObservedResource> found;
  std::set<std::string> seen;
  for (aws::CallRequest& call : calls) {
    auto items = co_await DescribeAll(client, std::move(call), list_field);
    if (!items) co_return items.error();
    for (const json& item : *items) {
      engine::ObservedResource resource = from_item(item);
      if (seen.insert(resource.physical_id).second) found.push_back(std::move(resource));
    }
  }
  co_return found;
}

Task<json> DescribeOwned(aws::AwsClient& client, engine::ObserveScope scope, std::string operation,
                         std::string list_field, int page_size) {
  co_return co_await DescribeAll(client, OwnedCall(scope, std::move(operation), page_size),
                                 std::move(list_field));
}

Task<engine::ObservedList> DescribeObserved(aws::AwsClient& client, aws::CallRequest call,
                                            std::string list_field, kit::ObservedMemo& memo,
                                            kit::ObservedMemo::Convert from_item,
                                            kit::ObservedMemo::HeldEqual held_equal) {
  const kit::ObservedMemo::Read read = memo.Start(std::move(list_field));
  call.item_digests = read.digests();
  const aws::PageTokens detect_tokens;
  auto items = co_await client.CallAllItems(std::move(call), detect_tokens, 10000);
  if (!items) co_return items.error();
  co_return memo.Finish(read, std::move(*items), from_item, held_equal);
}

Task<json> DescribeOne(aws::AwsClient& client, aws::CallRequest call, std::string list_field) {
  const std::string what = call.operation;
  auto items = co_await DescribeAll(client, std::move(call), std::move(list_field));
  if (!items) co_return items;
  if (items->empty()) co_return aws::JsonError(MakeError(ErrorKind::kNotFound, what + ": none"));
  co_return aws::JsonValue(std::move(items->front()));
}

}  // namespace awsr::reconcilers::ec2
