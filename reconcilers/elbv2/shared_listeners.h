// The listeners of each load balancer (DescribeListeners takes one balancer a call), read once a
// cycle and shared by the listener and rule types: both look under the balancers that are ours,
// and reading them for each type made every one of those calls twice a cycle. Each balancer's
// read is shared as kit/cycle_shared_read.h shares a region's: one flight at a time, served to
// each type once, dropped by a listener write and after an age limit.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "reconcilers/elbv2/elbv2_calls.h"
#include "reconcilers/kit/cycle_shared_read.h"

namespace awsr::reconcilers::elbv2 {

class SharedListeners {
 public:
  explicit SharedListeners(aws::AwsClient& client) : reads_(client, &ReadOneBalancer) {}

  // The listeners under `balancers` in `region`, each with its balancer's ARN, for `reader`
  // (its type name); a balancer AWS no longer knows has none.
  engine::Task<std::vector<ChildRecord>> Under(std::string reader, std::string region,
                                               std::vector<std::string> balancers);

  // Forgets every read: called before every listener write.
  void Invalidate() { reads_.Invalidate(); }

 private:
  using RegionAndBalancer = std::pair<std::string, std::string>;  // the balancer's ARN second
  static engine::Task<std::vector<ChildRecord>> ReadOneBalancer(aws::AwsClient& client,
                                                                RegionAndBalancer key);

  kit::CycleSharedRead<std::vector<ChildRecord>, aws::AwsClient, RegionAndBalancer> reads_;
};

}  // namespace awsr::reconcilers::elbv2
