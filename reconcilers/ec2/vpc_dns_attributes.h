// A VPC's DNS settings. DescribeVpcs does not return them: DescribeVpcAttribute reads one
// attribute of one VPC per call, so they are engine detail reads (only when a file sets them,
// within the detail_reads budget), and ModifyVpcAttribute changes one per call.
#pragma once

#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

struct DnsAttribute {
  const char* property;   // CloudFormation's name, also ModifyVpcAttribute's member
  const char* attribute;  // DescribeVpcAttribute's Attribute and its result's member
  bool aws_default;       // what AWS gives a new VPC
};

inline constexpr DnsAttribute kDnsAttributes[] = {
    {"EnableDnsSupport", "enableDnsSupport", true},
    {"EnableDnsHostnames", "enableDnsHostnames", false},
};

// The setting of `vpc` named by `property` ("EnableDnsSupport", ...), as a JSON boolean.
engine::Task<nlohmann::json> ReadDnsAttribute(aws::AwsClient& client,
                                              const engine::ObservedResource& vpc,
                                              std::string property);

// Sets one setting (`property`) of `vpc`.
engine::Task<void> WriteDnsAttribute(aws::AwsClient& client, const engine::ObservedResource& vpc,
                                     std::string property, bool value);

}  // namespace awsr::reconcilers::ec2
