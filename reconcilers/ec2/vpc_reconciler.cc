// AWS::EC2::VPC. VPCs have no name: they are found by the ownership tags alone, so a VPC's
// identity is its logical ID as tagged at creation.
#include <map>
#include <set>

#include "daemon/engine/derived_observed.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_tagged_type.h"
#include "reconcilers/ec2/ec2_types.h"
#include "reconcilers/ec2/vpc_dns_attributes.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

class VpcReconciler final : public Ec2TaggedType {
 public:
  explicit VpcReconciler(aws::AwsClient& client)
      : Ec2TaggedType(
            {.type = "AWS::EC2::VPC", .service = "ec2"},
            {"DescribeVpcs", "vpcSet", 1000, "CreateVpc", "vpc", "vpc", "DeleteVpc", "VpcId"},
            client) {}

  // DescribeVpcs (one paginated call, owner tag filter) plus, for VPCs seen for the first
  // time, one DescribeSecurityGroups for their default groups. The DNS settings exist only in
  // DescribeVpcAttribute, one attribute of one VPC per call: they are detail reads, which the
  // engine makes only for the settings a file sets and within its budget, so a steady cycle's calls
  // stay bounded.
  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto vpcs = co_await Ec2TaggedType::ObserveAll(scope);
    if (!vpcs || vpcs->empty()) co_return vpcs;
    const std::string region = scope.region;
    auto grouped = co_await AddDefaultGroups(region, *vpcs);
    if (!grouped) co_return grouped.error();
    if (!scope.focus.empty()) co_return vpcs;  // a few VPCs: the others are not gone
    // What the region no longer has is forgotten: the maps hold what one whole observation shows.
    std::set<std::string> listed;
    for (const engine::ObservedResource& vpc : *vpcs) listed.insert(vpc.physical_id);
    const auto gone = [&](const std::string& id) { return !listed.contains(id); };
    std::erase_if(default_groups_[region], [&](const auto& known) { return gone(known.first); });
    grouped_[region].ForgetIf(gone);
    co_return vpcs;
  }

  std::vector<std::string_view> DetailProperties() const override {
    std::vector<std::string_view> properties;
    for (const DnsAttribute& dns : kDnsAttributes) properties.push_back(dns.property);
    return properties;
  }

  Task<json> ReadDetail(engine::ObservedResource observed, std::string property) override {
    co_return co_await ReadDnsAttribute(client(), observed, std::move(property));
  }

  // CreateVpc has no DNS settings: a setting the file changes from AWS's default follows in a
  // second call. If it fails, the VPC exists with our tags and the next pass corrects it.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    auto created = co_await Ec2TaggedType::Create(desired);
    if (!created) co_return created;
    engine::ObservedResource vpc = std::move(*created);
    for (const DnsAttribute& dns : kDnsAttributes) {
      const json wanted = desired.properties.value(dns.property, json(dns.aws_default));
      if (IsTrue(wanted) != dns.aws_default) {
        auto written = co_await WriteDnsAttribute(client(), vpc, dns.property, !dns.aws_default);
        if (!written) co_return written.error();
      }
      vpc.properties.Set(dns.property, IsTrue(wanted));
    }
    engine::ObservedList one;
    one.push_back(std::move(vpc));
    auto grouped = co_await AddDefaultGroups(desired.region, one);
    if (!grouped) co_return grouped.error();
    co_return one.front();
  }

  // CidrBlock and InstanceTenancy need a replacement, which the engine decides; the DNS
  // settings change in place.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    for (const DnsAttribute& dns : kDnsAttributes) {
      if (!diff.Touches("/" + std::string(dns.property))) continue;
      auto written = co_await WriteDnsAttribute(client(), observed, dns.property,
                                                IsTrue(desired.properties[dns.property]));
      if (!written) co_return written;
    }
    co_return Result<void>{};
  }

 protected:
  // Without the DNS settings, which ObserveAll and Create add.
  engine::ObservedResource FromItem(const json& vpc, const std::string& region) const override {
    engine::ObservedResource observed = Tagged(vpc, "vpcId", region);
    observed.properties.Update({{"CidrBlock", StringField(vpc, "cidrBlock")},
                                {"InstanceTenancy", StringField(vpc, "instanceTenancy")}});
    observed.made_by_aws = IsTrue(vpc.value("isDefault", json()));
    observed.attributes = {{"VpcId", observed.physical_id},
                           {"CidrBlock", StringField(vpc, "cidrBlock")}};
    observed.aws_state = StringField(vpc, "state");
    observed.ready = observed.aws_state == "available";
    return observed;
  }

  json CreateParams(const engine::DesiredResource& desired) const override {
    json params = {{"CidrBlock", StringField(desired.properties, "CidrBlock")}};
    if (desired.properties.contains("InstanceTenancy"))
      params["InstanceTenancy"] = desired.properties["InstanceTenancy"];
    return params;
  }

 private:
  // Sets GetAtt DefaultSecurityGroup: the id of each VPC's "default" group. AWS makes it with
  // the VPC and it can be neither deleted nor replaced while the VPC exists, so it is asked
  // for once per VPC, not every cycle.
  Task<void> AddDefaultGroups(std::string region, engine::ObservedList& vpcs) {
    std::map<std::string, std::size_t> asked;  // VPC id -> where it is in `vpcs`
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < vpcs.size(); ++i) {
      const auto& known = default_groups_[region];
      if (const auto group = known.find(vpcs[i].physical_id); group != known.end()) {
        grouped_[region].Apply(vpcs, i, group->second, SetDefaultGroup);
      } else {
        asked[vpcs[i].physical_id] = i;
        ids.push_back(vpcs[i].physical_id);
      }
    }
    if (ids.empty()) co_return Result<void>{};
    const aws::CallRequest call =
        Ec2Call(region, "DescribeSecurityGroups",
                {{"Filter", {Filter("group-name", {"default"}), Filter("vpc-id", ids)}}});
    auto groups = co_await DescribeAll(client(), call, "securityGroupInfo");
    if (!groups) co_return groups.error();
    for (const auto& group : *groups) {
      const auto vpc = asked.find(StringField(group, "vpcId"));
      if (vpc == asked.end()) continue;
      const std::string group_id = StringField(group, "groupId");
      grouped_[region].Apply(vpcs, vpc->second, group_id, SetDefaultGroup);
      default_groups_[region][vpc->first] = group_id;
    }
    co_return Result<void>{};
  }

  static void SetDefaultGroup(engine::ObservedResource& vpc, const std::string& group_id) {
    vpc.attributes["DefaultSecurityGroup"] = group_id;
  }

  // Region -> VPC id -> the id of its default group.
  std::map<std::string, std::map<std::string, std::string>> default_groups_;
  // Region -> the VPCs with their default group, kept so an unchanged VPC is not copied again.
  std::map<std::string, engine::DerivedObserved<std::string>> grouped_;
};

}  // namespace

void AddVpc(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<VpcReconciler>(context.client), ResourceTags(context.client));
}

}  // namespace awsr::reconcilers::ec2
