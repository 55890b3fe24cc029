#include "reconcilers/ec2/vpc_dns_attributes.h"

#include "reconcilers/ec2/ec2_calls.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

engine::Task<void> ReadDnsAttributes(aws::AwsClient& client, engine::ObservedResource& vpc,
                                     std::set<std::string> wanted) {
  for (const DnsAttribute& dns : kDnsAttributes) {
    if (!wanted.contains(dns.property)) continue;
    const aws::CallRequest call =
        Ec2Call(vpc.region, "DescribeVpcAttribute",
                {{"VpcId", vpc.physical_id}, {"Attribute", dns.attribute}});
    auto read = co_await client.Call(call);
    if (!read) co_return read.error();
    vpc.properties[dns.property] =
        IsTrue(read->data.value(dns.attribute, json::object()).value("value", json()));
  }
  co_return Result<void>{};
}

engine::Task<void> WriteDnsAttribute(aws::AwsClient& client, const engine::ObservedResource& vpc,
                                     std::string property, bool value) {
  const aws::CallRequest call =
      Ec2Call(vpc.region, "ModifyVpcAttribute",
              {{"VpcId", vpc.physical_id}, {property, {{"Value", value}}}});
  co_return co_await kit::CallForEffect(client, call);
}

}  // namespace awsr::reconcilers::ec2
