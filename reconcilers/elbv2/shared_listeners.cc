#include "reconcilers/elbv2/shared_listeners.h"

namespace awsr::reconcilers::elbv2 {

engine::Task<std::vector<ChildRecord>> SharedListeners::ReadOneBalancer(aws::AwsClient& client,
                                                                        RegionAndBalancer key) {
  std::vector<std::string> balancer = {std::move(key.second)};
  std::string operation = "DescribeListeners";
  std::string parent_param = "LoadBalancerArn";
  std::string list_field = "Listeners";
  auto listeners =
      co_await DescribeUnder(client, std::move(key.first), std::move(operation),
                             std::move(parent_param), std::move(balancer), std::move(list_field));
  if (!listeners) co_return listeners.error();
  co_return std::move(*listeners);
}

engine::Task<std::vector<ChildRecord>> SharedListeners::Under(std::string reader,
                                                              std::string region,
                                                              std::vector<std::string> balancers) {
  std::vector<ChildRecord> listeners;
  for (const std::string& balancer : balancers) {
    RegionAndBalancer key = {region, balancer};
    auto read = co_await reads_.Read(reader, std::move(key));
    if (!read) co_return read.error();
    listeners.insert(listeners.end(), (*read)->begin(), (*read)->end());
  }
  co_return listeners;
}

}  // namespace awsr::reconcilers::elbv2
