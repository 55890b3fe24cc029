// Each region's default VPC, where AWS puts a security group (or an instance) whose request
// names no VPC or subnet. Asked of EC2 once per region (DescribeVpcs is-default), then
// remembered for the process: a default VPC is replaced only by hand.
#pragma once

#include <map>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

class DefaultVpcs {
 public:
  // The default VPC of `region` if it has been looked up; empty otherwise or when it has none.
  std::string Known(const std::string& region) const;
  // Looks it up unless known; empty when the region has none.
  engine::Task<std::string> Find(aws::AwsClient& client, std::string region);

 private:
  std::map<std::string, std::string> by_region_;
};

}  // namespace awsr::reconcilers::ec2
