#include "reconcilers/ec2/default_vpc.h"

#include "reconcilers/ec2/ec2_calls.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

std::string DefaultVpcs::Known(const std::string& region) const {
  const auto found = by_region_.find(region);
  return found == by_region_.end() ? std::string() : found->second;
}

Task<std::string> DefaultVpcs::Find(aws::AwsClient& client, std::string region) {
  if (const auto found = by_region_.find(region); found != by_region_.end())
    co_return found->second;
  const json filters = json::array({Filter("is-default", {"true"})});
  const aws::CallRequest call = Ec2Call(region, "DescribeVpcs", {{"Filter", filters}});
  auto vpcs = co_await DescribeAll(client, call, "vpcSet");
  if (!vpcs) co_return vpcs.error();
  const std::string vpc = vpcs->empty() ? std::string() : StringField(vpcs->front(), "vpcId");
  co_return by_region_[region] = vpc;
}

}  // namespace awsr::reconcilers::ec2
