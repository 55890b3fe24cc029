#include "reconcilers/ec2/security_group_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <set>

#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr Direction kDirections[] = {Direction::kIngress, Direction::kEgress};

std::string GroupKey(const std::string& vpc_id, const std::string& name) {
  return vpc_id + "/" + name;
}

// The rules of one direction as the file lists them; nullopt when the file does not say.
std::optional<std::vector<SecurityGroupRule>> DesiredRules(const json& properties,
                                                           Direction direction) {
  const auto found = properties.find(std::string(RuleProperty(direction)));
  if (found == properties.end() || found->is_null()) return std::nullopt;
  return RulesFromTemplate(*found, direction);
}

std::vector<SecurityGroupRule> ObservedRules(const engine::ObservedResource& observed,
                                             Direction direction) {
  return RulesFromTemplate(
      observed.properties.value(std::string(RuleProperty(direction)), json::array()), direction);
}

struct GroupFacts {
  std::string id;
  std::string vpc_id;
  std::string name;
  std::string description;
  std::vector<SecurityGroupRule> ingress;
  std::vector<SecurityGroupRule> egress;
  TagMap tags;
};

engine::ObservedResource Observed(GroupFacts group, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = group.id;
  observed.identity_key = GroupKey(group.vpc_id, group.name);
  observed.properties = {
      {"GroupName", group.name},
      {"GroupDescription", group.description},
      {"VpcId", group.vpc_id},
      {"SecurityGroupIngress", ToTemplate(group.ingress, Direction::kIngress)},
      {"SecurityGroupEgress", ToTemplate(group.egress, Direction::kEgress)},
      {"Tags", UserTags(group.tags)},
  };
  observed.tags = std::move(group.tags);
  observed.attributes = {{"GroupId", group.id}, {"VpcId", group.vpc_id}};
  RememberRegion(observed, region);
  return observed;
}

// One item of DescribeSecurityGroups' securityGroupInfo.
engine::ObservedResource FromDescribe(const json& group, const std::string& region) {
  return Observed({.id = StringField(group, "groupId"),
                   .vpc_id = StringField(group, "vpcId"),
                   .name = StringField(group, "groupName"),
                   .description = StringField(group, "groupDescription"),
                   .ingress = RulesFromIpPermissions(group.value("ipPermissions", json())),
                   .egress = RulesFromIpPermissions(group.value("ipPermissionsEgress", json())),
                   .tags = ReadTagSet(group.value("tagSet", json()))},
                  region);
}

// What AWS gives a new group: no ingress, allow-all egress.
GroupFacts NewGroup(const engine::DesiredResource& desired, std::string id) {
  GroupFacts group;
  group.id = std::move(id);
  group.vpc_id = StringField(desired.properties, "VpcId");
  group.name = desired.name;
  group.description = StringField(desired.properties, "GroupDescription");
  group.egress.push_back(AllowAllEgress());
  group.tags = CreationTags(desired);
  return group;
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest DescribeEveryGroup(const std::string& region) {
  return Ec2Call(region, "DescribeSecurityGroups", {{"MaxResults", 1000}});
}

aws::CallRequest DescribeGroupNamed(const std::string& region, const std::string& vpc_id,
                                    const std::string& name) {
  return Ec2Call(region, "DescribeSecurityGroups",
                 {{"Filter", {Filter("vpc-id", {vpc_id}), Filter("group-name", {name})}}});
}

aws::CallRequest CreateGroupCall(const engine::DesiredResource& desired) {
  json params = {{"GroupName", desired.name},
                 {"GroupDescription", StringField(desired.properties, "GroupDescription")},
                 {"TagSpecification", TagSpecifications("security-group", desired)}};
  if (const std::string vpc_id = StringField(desired.properties, "VpcId"); !vpc_id.empty()) {
    params["VpcId"] = vpc_id;
  }
  return Ec2Call(desired.region, "CreateSecurityGroup", std::move(params));
}

aws::CallRequest DeleteGroupCall(const engine::ObservedResource& group) {
  return Ec2Call(RegionOf(group), "DeleteSecurityGroup", {{"GroupId", group.physical_id}});
}

// verb: "Authorize" or "Revoke".
aws::CallRequest RuleCall(const std::string& region, const std::string& verb, Direction direction,
                          const std::string& group_id,
                          const std::vector<SecurityGroupRule>& rules) {
  const char* suffix = direction == Direction::kIngress ? "Ingress" : "Egress";
  return Ec2Call(region, verb + "SecurityGroup" + suffix,
                 {{"GroupId", group_id}, {"IpPermissions", ToIpPermissions(rules)}});
}

}  // namespace

std::string SecurityGroupReconciler::IdentityKey(const engine::DesiredResource& desired) const {
  return GroupKey(StringField(desired.properties, "VpcId"), desired.name);
}

// One unfiltered, paginated DescribeSecurityGroups per region and cycle. EC2 ANDs filters, so
// "ours OR named like a desired group" would take two calls (owner tag, then group-name); and
// the owner filter alone would hide the unowned look-alikes the engine must report. Groups are
// few per account (1000 per page), so reading them all is the cheaper way.
awaitable<Result<std::vector<engine::ObservedResource>>> SecurityGroupReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto groups =
      co_await DescribeAll(client_, DescribeEveryGroup(scope.region), "securityGroupInfo");
  if (!groups) co_return groups.error();
  const std::set<std::string> wanted_keys(scope.identity_keys.begin(), scope.identity_keys.end());
  std::vector<engine::ObservedResource> observed;
  for (const auto& group : *groups) {
    engine::ObservedResource resource = FromDescribe(group, scope.region);
    if (resource.Tag(engine::kOwnerTag) == scope.owner ||
        wanted_keys.contains(resource.identity_key)) {
      observed.push_back(std::move(resource));
    }
  }
  co_return observed;
}

engine::Diff SecurityGroupReconciler::Compare(const engine::DesiredResource& desired,
                                              const engine::ObservedResource& observed) const {
  json wanted = desired.properties;
  for (Direction direction : kDirections) {
    if (auto rules = DesiredRules(desired.properties, direction)) {
      wanted[std::string(RuleProperty(direction))] = ToTemplate(*rules, direction);
    }
  }
  engine::DiffRules rules;
  rules.set_properties = {std::string(RuleProperty(Direction::kIngress)),
                          std::string(RuleProperty(Direction::kEgress))};
  return engine::DiffProperties(wanted, observed.properties, rules);
}

// Rules are not part of CreateSecurityGroup: they are authorized after it. If that fails the
// group exists with our tags, and the next pass finds it and completes the rules.
awaitable<Result<engine::ObservedResource>> SecurityGroupReconciler::Create(
    engine::DesiredResource desired) {
  auto created = co_await client_.Call(CreateGroupCall(desired));
  if (!created) {
    if (created.error().aws_code != "InvalidGroup.Duplicate") co_return created.error();
    co_return co_await FindOwnDuplicate(std::move(desired), created.error());
  }
  GroupFacts group = NewGroup(desired, StringField(created->data, "groupId"));
  for (Direction direction : kDirections) {
    auto wanted = DesiredRules(desired.properties, direction);
    if (!wanted) continue;
    auto& current = direction == Direction::kIngress ? group.ingress : group.egress;
    auto synced = co_await SyncRules(desired.region, group.id, direction, *wanted, current);
    if (!synced) co_return synced.error();
    current = *wanted;
  }
  co_return Observed(std::move(group), desired.region);
}

awaitable<Result<void>> SecurityGroupReconciler::Update(engine::DesiredResource desired,
                                                        engine::ObservedResource observed,
                                                        engine::Diff diff) {
  for (Direction direction : kDirections) {
    auto wanted = DesiredRules(desired.properties, direction);
    if (!wanted || !diff.Touches("/" + std::string(RuleProperty(direction)))) continue;
    auto synced = co_await SyncRules(desired.region, observed.physical_id, direction, *wanted,
                                     ObservedRules(observed, direction));
    if (!synced) co_return synced;
  }
  if (!diff.Touches("/Tags")) co_return Result<void>{};
  co_return co_await ApplyTagChanges(
      client_, desired.region, observed.physical_id,
      UserTagChanges(desired.properties.value("Tags", json::array()), observed.tags));
}

awaitable<Result<void>> SecurityGroupReconciler::Delete(engine::ObservedResource observed) {
  co_return co_await DeleteIgnoringNotFound(client_, DeleteGroupCall(observed));
}

awaitable<Result<void>> SecurityGroupReconciler::RetagOwnership(
    engine::ObservedResource observed, std::map<std::string, std::string> add,
    std::vector<std::string> remove) {
  co_return co_await Retag(client_, std::move(observed), std::move(add), std::move(remove));
}

awaitable<Result<void>> SecurityGroupReconciler::SyncRules(
    std::string region, std::string group_id, Direction direction,
    std::vector<SecurityGroupRule> desired, std::vector<SecurityGroupRule> observed) {
  const RuleChanges changes = DiffRuleSets(desired, observed);
  if (!changes.revoke.empty()) {
    auto revoked =
        co_await client_.Call(RuleCall(region, "Revoke", direction, group_id, changes.revoke));
    if (!revoked) co_return revoked.error();
  }
  if (!changes.authorize.empty()) {
    auto authorized = co_await client_.Call(
        RuleCall(region, "Authorize", direction, group_id, changes.authorize));
    if (!authorized) co_return authorized.error();
  }
  co_return Result<void>{};
}

awaitable<Result<engine::ObservedResource>> SecurityGroupReconciler::FindOwnDuplicate(
    engine::DesiredResource desired, Error duplicate) {
  auto groups = co_await DescribeAll(
      client_,
      DescribeGroupNamed(desired.region, StringField(desired.properties, "VpcId"), desired.name),
      "securityGroupInfo");
  if (!groups) co_return groups.error();
  for (const auto& group : *groups) {
    engine::ObservedResource existing = FromDescribe(group, desired.region);
    if (IsOwnedBy(existing.tags, desired)) co_return existing;
  }
  co_return duplicate;
}

}  // namespace awsr::reconcilers::ec2
