#include "reconcilers/ec2/subnet_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// One item of DescribeSubnets' subnetSet (or CreateSubnet's subnet).
engine::ObservedResource FromDescribe(const json& subnet, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(subnet, "subnetId");
  observed.tags = ReadTagSet(subnet.value("tagSet", json()));
  observed.identity_key = observed.Tag(engine::kLogicalIdTag);
  const std::string vpc_id = StringField(subnet, "vpcId");
  const std::string cidr = StringField(subnet, "cidrBlock");
  const std::string zone = StringField(subnet, "availabilityZone");
  observed.properties = {
      {"VpcId", vpc_id},
      {"CidrBlock", cidr},
      {"AvailabilityZone", zone},
      {"MapPublicIpOnLaunch", IsTrue(subnet.value("mapPublicIpOnLaunch", json()))},
      {"Tags", UserTags(observed.tags)}};
  observed.attributes = {{"SubnetId", observed.physical_id},
                         {"VpcId", vpc_id},
                         {"CidrBlock", cidr},
                         {"AvailabilityZone", zone}};
  observed.aws_state = StringField(subnet, "state");
  observed.ready = observed.aws_state == "available";
  RememberRegion(observed, region);
  return observed;
}

bool WantsPublicIp(const json& properties) {
  return IsTrue(properties.value("MapPublicIpOnLaunch", json(false)));
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest CreateSubnetCall(const engine::DesiredResource& desired) {
  json params = {{"VpcId", StringField(desired.properties, "VpcId")},
                 {"CidrBlock", StringField(desired.properties, "CidrBlock")},
                 {"TagSpecification", TagSpecifications("subnet", desired)}};
  if (const std::string zone = StringField(desired.properties, "AvailabilityZone"); !zone.empty()) {
    params["AvailabilityZone"] = zone;
  }
  return Ec2Call(desired.region, "CreateSubnet", std::move(params));
}

aws::CallRequest ModifyMapPublicIpCall(const std::string& region, const std::string& subnet_id,
                                       bool value) {
  return Ec2Call(region, "ModifySubnetAttribute",
                 {{"SubnetId", subnet_id}, {"MapPublicIpOnLaunch", {{"Value", value}}}});
}

aws::CallRequest DeleteSubnetCall(const engine::ObservedResource& subnet) {
  return Ec2Call(RegionOf(subnet), "DeleteSubnet", {{"SubnetId", subnet.physical_id}});
}

}  // namespace

// One paginated DescribeSubnets with the owner tag filter: every property is in it.
awaitable<Result<std::vector<engine::ObservedResource>>> SubnetReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto subnets = co_await DescribeOwned(client_, scope.region, scope.owner, "DescribeSubnets",
                                        "subnetSet", 1000);
  if (!subnets) co_return subnets.error();
  std::vector<engine::ObservedResource> observed;
  for (const auto& subnet : *subnets) observed.push_back(FromDescribe(subnet, scope.region));
  co_return observed;
}

engine::Diff SubnetReconciler::Compare(const engine::DesiredResource& desired,
                                       const engine::ObservedResource& observed) const {
  return engine::DiffProperties(desired.properties, observed.properties);
}

// CreateSubnet has no MapPublicIpOnLaunch: it follows in a second call. If that call fails, the
// subnet exists with our tags and the next pass corrects the attribute as drift.
awaitable<Result<engine::ObservedResource>> SubnetReconciler::Create(
    engine::DesiredResource desired) {
  auto created = co_await client_.Call(CreateSubnetCall(desired));
  if (!created) co_return created.error();
  engine::ObservedResource subnet =
      FromDescribe(created->data.value("subnet", json()), desired.region);
  if (WantsPublicIp(desired.properties)) {
    auto written = co_await WriteMapPublicIp(desired.region, subnet.physical_id, true);
    if (!written) co_return written.error();
    subnet.properties["MapPublicIpOnLaunch"] = true;
  }
  co_return subnet;
}

awaitable<Result<void>> SubnetReconciler::Update(engine::DesiredResource desired,
                                                 engine::ObservedResource observed,
                                                 engine::Diff diff) {
  if (diff.Touches("/MapPublicIpOnLaunch")) {
    auto written = co_await WriteMapPublicIp(desired.region, observed.physical_id,
                                             WantsPublicIp(desired.properties));
    if (!written) co_return written;
  }
  if (!diff.Touches("/Tags")) co_return Result<void>{};
  co_return co_await SyncUserTags(client_, std::move(desired), std::move(observed));
}

// A subnet with instances in it fails with DependencyViolation (kConflict): the engine tries
// again once they are gone. AWS drops the subnet's route table association itself.
awaitable<Result<void>> SubnetReconciler::Delete(engine::ObservedResource observed) {
  co_return co_await DeleteIgnoringNotFound(client_, DeleteSubnetCall(observed));
}

awaitable<Result<void>> SubnetReconciler::RetagOwnership(engine::ObservedResource observed,
                                                         std::map<std::string, std::string> add,
                                                         std::vector<std::string> remove) {
  co_return co_await Retag(client_, std::move(observed), std::move(add), std::move(remove));
}

awaitable<Result<void>> SubnetReconciler::WriteMapPublicIp(std::string region,
                                                           std::string subnet_id, bool value) {
  auto written = co_await client_.Call(ModifyMapPublicIpCall(region, subnet_id, value));
  if (!written) co_return written.error();
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::ec2
