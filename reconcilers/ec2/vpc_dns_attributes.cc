#include "reconcilers/ec2/vpc_dns_attributes.h"

#include "daemon/aws/json_result.h"
#include "reconcilers/ec2/ec2_calls.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

engine::Task<json> ReadDnsAttribute(aws::AwsClient& client, const engine::ObservedResource& vpc,
                                    std::string property) {
  for (const DnsAttribute& dns : kDnsAttributes) {
    if (property != dns.property) continue;
    const aws::CallRequest call =
        Ec2Call(vpc.region, "DescribeVpcAttribute",
                {{"VpcId", vpc.physical_id}, {"Attribute", dns.attribute}});
    auto read = co_await client.Call(call);
    if (!read) co_return aws::JsonError(read.error());
    co_return aws::JsonValue(
        IsTrue(read->data.value(dns.attribute, json::object()).value("value", json())));
  }
  co_return aws::JsonError(MakeError(ErrorKind::kInternal, "no VPC DNS setting " + property));
}

engine::Task<void> WriteDnsAttribute(aws::AwsClient& client, const engine::ObservedResource& vpc,
                                     std::string property, bool value) {
  const aws::CallRequest call =
      Ec2Call(vpc.region, "ModifyVpcAttribute",
              {{"VpcId", vpc.physical_id}, {property, {{"Value", value}}}});
  co_return co_await kit::CallForEffect(client, call);
}

}  // namespace awsr::reconcilers::ec2
