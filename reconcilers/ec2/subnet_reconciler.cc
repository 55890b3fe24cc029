// AWS::EC2::Subnet. Unnamed: found by the ownership tags alone. DescribeSubnets carries every
// property, so observing costs one paginated call.
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_tagged_type.h"
#include "reconcilers/ec2/ec2_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

bool WantsPublicIp(const json& properties) {
  return IsTrue(properties.value("MapPublicIpOnLaunch", json(false)));
}

class SubnetReconciler final : public Ec2TaggedType {
 public:
  explicit SubnetReconciler(aws::AwsClient& client)
      : Ec2TaggedType({.type = "AWS::EC2::Subnet", .service = "ec2"},
                      {"DescribeSubnets", "subnetSet", 1000, "CreateSubnet", "subnet", "subnet",
                       "DeleteSubnet", "SubnetId"},
                      client) {}

  // CreateSubnet has no MapPublicIpOnLaunch: it follows in a second call. If that call fails,
  // the subnet exists with our tags and the next pass corrects the attribute as drift.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    auto subnet = co_await Ec2TaggedType::Create(desired);
    if (!subnet || !WantsPublicIp(desired.properties)) co_return subnet;
    auto written = co_await WriteMapPublicIp(*subnet, true);
    if (!written) co_return written.error();
    subnet->properties.Set("MapPublicIpOnLaunch", true);
    co_return subnet;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (!diff.Touches("/MapPublicIpOnLaunch")) co_return Result<void>{};
    co_return co_await WriteMapPublicIp(observed, WantsPublicIp(desired.properties));
  }

 protected:
  engine::ObservedResource FromItem(const json& subnet, const std::string& region) const override {
    engine::ObservedResource observed = Tagged(subnet, "subnetId", region);
    const std::string vpc_id = StringField(subnet, "vpcId");
    const std::string cidr = StringField(subnet, "cidrBlock");
    const std::string zone = StringField(subnet, "availabilityZone");
    observed.properties.Update(
        {{"VpcId", vpc_id},
         {"CidrBlock", cidr},
         {"AvailabilityZone", zone},
         {"MapPublicIpOnLaunch", IsTrue(subnet.value("mapPublicIpOnLaunch", json()))}});
    observed.attributes = {{"SubnetId", observed.physical_id},
                           {"VpcId", vpc_id},
                           {"CidrBlock", cidr},
                           {"AvailabilityZone", zone}};
    observed.made_by_aws = IsTrue(subnet.value("defaultForAz", json()));
    observed.aws_state = StringField(subnet, "state");
    observed.ready = observed.aws_state == "available";
    return observed;
  }

  json CreateParams(const engine::DesiredResource& desired) const override {
    json params = {{"VpcId", StringField(desired.properties, "VpcId")},
                   {"CidrBlock", StringField(desired.properties, "CidrBlock")}};
    if (const std::string zone = StringField(desired.properties, "AvailabilityZone"); !zone.empty())
      params["AvailabilityZone"] = zone;
    return params;
  }

 private:
  Task<void> WriteMapPublicIp(const engine::ObservedResource& subnet, bool value) {
    const aws::CallRequest call =
        Ec2Call(subnet.region, "ModifySubnetAttribute",
                {{"SubnetId", subnet.physical_id}, {"MapPublicIpOnLaunch", {{"Value", value}}}});
    co_return co_await kit::CallForEffect(client(), call);
  }
};

}  // namespace

void AddSubnet(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<SubnetReconciler>(context.client), ResourceTags(context.client));
}

}  // namespace awsr::reconcilers::ec2
