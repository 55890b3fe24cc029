#include "reconcilers/ec2/vpc_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "daemon/aws/json_result.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// The DNS settings DescribeVpcs does not return, with what AWS gives a new VPC.
struct DnsAttribute {
  const char* property;   // CloudFormation's name, also ModifyVpcAttribute's member
  const char* attribute;  // DescribeVpcAttribute's Attribute and its result's member
  bool aws_default;
};

constexpr DnsAttribute kDnsAttributes[] = {
    {"EnableDnsSupport", "enableDnsSupport", true},
    {"EnableDnsHostnames", "enableDnsHostnames", false},
};

// One item of DescribeVpcs' vpcSet (or CreateVpc's vpc), without the DNS settings.
engine::ObservedResource FromDescribe(const json& vpc, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(vpc, "vpcId");
  observed.tags = ReadTagSet(vpc.value("tagSet", json()));
  observed.identity_key = observed.Tag(engine::kLogicalIdTag);
  observed.properties = {{"CidrBlock", StringField(vpc, "cidrBlock")},
                         {"InstanceTenancy", StringField(vpc, "instanceTenancy")},
                         {"Tags", UserTags(observed.tags)}};
  observed.attributes = {{"VpcId", observed.physical_id},
                         {"CidrBlock", StringField(vpc, "cidrBlock")}};
  observed.aws_state = StringField(vpc, "state");
  observed.ready = observed.aws_state == "available";
  RememberRegion(observed, region);
  return observed;
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest DescribeOwnedVpcs(const std::string& region, const std::string& owner) {
  return Ec2Call(region, "DescribeVpcs", {{"Filter", {OwnerFilter(owner)}}, {"MaxResults", 1000}});
}

aws::CallRequest CreateVpcCall(const engine::DesiredResource& desired) {
  json params = {{"CidrBlock", StringField(desired.properties, "CidrBlock")},
                 {"TagSpecification", TagSpecifications("vpc", desired)}};
  if (desired.properties.contains("InstanceTenancy")) {
    params["InstanceTenancy"] = desired.properties["InstanceTenancy"];
  }
  return Ec2Call(desired.region, "CreateVpc", std::move(params));
}

aws::CallRequest DescribeDefaultGroups(const std::string& region,
                                       const std::vector<std::string>& vpc_ids) {
  return Ec2Call(region, "DescribeSecurityGroups",
                 {{"Filter", {Filter("group-name", {"default"}), Filter("vpc-id", vpc_ids)}}});
}

aws::CallRequest DescribeAttributeCall(const std::string& region, const std::string& vpc_id,
                                       const DnsAttribute& dns) {
  return Ec2Call(region, "DescribeVpcAttribute", {{"VpcId", vpc_id}, {"Attribute", dns.attribute}});
}

// AWS changes exactly one attribute per call.
aws::CallRequest ModifyAttributeCall(const std::string& region, const std::string& vpc_id,
                                     const std::string& property, bool value) {
  return Ec2Call(region, "ModifyVpcAttribute", {{"VpcId", vpc_id}, {property, {{"Value", value}}}});
}

aws::CallRequest DeleteVpcCall(const engine::ObservedResource& vpc) {
  return Ec2Call(RegionOf(vpc), "DeleteVpc", {{"VpcId", vpc.physical_id}});
}

}  // namespace

// DescribeVpcs (one paginated call, owner tag filter) plus one DescribeSecurityGroups for every
// VPC's default group. The DNS settings exist only in DescribeVpcAttribute, one attribute of
// one VPC per call: an attribute is read, for every owned VPC, only when some file in the region
// sets it (scope.properties_in_use), so a file that leaves both out costs bulk calls only.
awaitable<Result<std::vector<engine::ObservedResource>>> VpcReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto vpcs = co_await DescribeAll(client_, DescribeOwnedVpcs(scope.region, scope.owner), "vpcSet");
  if (!vpcs) co_return vpcs.error();
  std::vector<engine::ObservedResource> observed;
  std::vector<std::string> ids;
  for (const auto& vpc : *vpcs) {
    observed.push_back(FromDescribe(vpc, scope.region));
    ids.push_back(observed.back().physical_id);
  }
  if (observed.empty()) co_return observed;
  auto default_groups = co_await DefaultGroups(scope.region, ids);
  if (!default_groups) co_return default_groups.error();
  for (auto& vpc : observed) {
    auto dns =
        co_await ReadDnsAttributes(scope.region, vpc.physical_id, scope.properties_in_use);
    if (!dns) co_return dns.error();
    vpc.properties.update(*dns);
    if (default_groups->contains(vpc.physical_id)) {
      vpc.attributes["DefaultSecurityGroup"] = default_groups->at(vpc.physical_id);
    }
  }
  co_return observed;
}

engine::Diff VpcReconciler::Compare(const engine::DesiredResource& desired,
                                    const engine::ObservedResource& observed) const {
  return engine::DiffProperties(desired.properties, observed.properties);
}

awaitable<Result<engine::ObservedResource>> VpcReconciler::Create(engine::DesiredResource desired) {
  auto created = co_await client_.Call(CreateVpcCall(desired));
  if (!created) co_return created.error();
  engine::ObservedResource vpc = FromDescribe(created->data.value("vpc", json()), desired.region);
  for (const DnsAttribute& dns : kDnsAttributes) {
    const auto wanted = desired.properties.find(dns.property);
    bool value = dns.aws_default;
    if (wanted != desired.properties.end() && IsTrue(*wanted) != dns.aws_default) {
      value = !dns.aws_default;
      auto written =
          co_await WriteDnsAttribute(desired.region, vpc.physical_id, dns.property, value);
      if (!written) co_return written.error();
    }
    vpc.properties[dns.property] = value;
  }
  std::vector<std::string> created_id(1, vpc.physical_id);
  auto default_groups = co_await DefaultGroups(desired.region, std::move(created_id));
  if (!default_groups) co_return default_groups.error();
  if (default_groups->contains(vpc.physical_id)) {
    vpc.attributes["DefaultSecurityGroup"] = default_groups->at(vpc.physical_id);
  }
  co_return vpc;
}

// CidrBlock and InstanceTenancy need a replacement, which the engine decides; the DNS settings
// and the tags change in place.
awaitable<Result<void>> VpcReconciler::Update(engine::DesiredResource desired,
                                              engine::ObservedResource observed,
                                              engine::Diff diff) {
  for (const DnsAttribute& dns : kDnsAttributes) {
    if (!diff.Touches("/" + std::string(dns.property))) continue;
    auto written = co_await WriteDnsAttribute(desired.region, observed.physical_id, dns.property,
                                              IsTrue(desired.properties[dns.property]));
    if (!written) co_return written;
  }
  if (!diff.Touches("/Tags")) co_return Result<void>{};
  co_return co_await SyncUserTags(client_, std::move(desired), std::move(observed));
}

// A VPC that still holds subnets, groups or gateways fails with DependencyViolation (kConflict):
// the engine tries again once they are gone.
awaitable<Result<void>> VpcReconciler::Delete(engine::ObservedResource observed) {
  co_return co_await DeleteIgnoringNotFound(client_, DeleteVpcCall(observed));
}

awaitable<Result<void>> VpcReconciler::RetagOwnership(engine::ObservedResource observed,
                                                      std::map<std::string, std::string> add,
                                                      std::vector<std::string> remove) {
  co_return co_await Retag(client_, std::move(observed), std::move(add), std::move(remove));
}

awaitable<Result<json>> VpcReconciler::ReadDnsAttributes(std::string region, std::string vpc_id,
                                                         std::set<std::string> wanted) {
  json values = json::object();
  for (const DnsAttribute& dns : kDnsAttributes) {
    if (!wanted.contains(dns.property)) continue;
    auto read = co_await client_.Call(DescribeAttributeCall(region, vpc_id, dns));
    if (!read) co_return aws::JsonError(read.error());
    values[dns.property] =
        IsTrue(read->data.value(dns.attribute, json::object()).value("value", json()));
  }
  co_return aws::JsonValue(std::move(values));
}

awaitable<Result<void>> VpcReconciler::WriteDnsAttribute(std::string region, std::string vpc_id,
                                                         std::string property, bool value) {
  auto written = co_await client_.Call(ModifyAttributeCall(region, vpc_id, property, value));
  if (!written) co_return written.error();
  co_return Result<void>{};
}

awaitable<Result<std::map<std::string, std::string>>> VpcReconciler::DefaultGroups(
    std::string region, std::vector<std::string> vpc_ids) {
  auto groups =
      co_await DescribeAll(client_, DescribeDefaultGroups(region, vpc_ids), "securityGroupInfo");
  if (!groups) co_return groups.error();
  std::map<std::string, std::string> by_vpc;
  for (const auto& group : *groups)
    by_vpc[StringField(group, "vpcId")] = StringField(group, "groupId");
  co_return by_vpc;
}

}  // namespace awsr::reconcilers::ec2
