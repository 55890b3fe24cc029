// AWS::EC2::SecurityGroup with its SecurityGroupIngress / SecurityGroupEgress rules. Groups are
// named per VPC, so a group's identity is "<vpc-id>/<group-name>"; a group whose file names no
// VPC lands in the region's default VPC, as AWS does (default_vpc.h).
#include "reconcilers/ec2/default_vpc.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_types.h"
#include "reconcilers/ec2/security_group_rules.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;
using Rules = std::vector<SecurityGroupRule>;

constexpr Direction kDirections[] = {Direction::kIngress, Direction::kEgress};

std::string GroupKey(const std::string& vpc_id, const std::string& name) {
  return vpc_id + "/" + name;
}

std::string RulesOf(Direction direction) { return std::string(RuleProperty(direction)); }

// The rules of one direction as the file lists them; nullopt when the file does not say.
std::optional<Rules> DesiredRules(const json& properties, Direction direction) {
  const auto found = properties.find(RulesOf(direction));
  if (found == properties.end() || found->is_null()) return std::nullopt;
  return RulesFromTemplate(*found, direction);
}

struct GroupFacts {
  std::string id;
  std::string vpc_id;
  std::string name;
  std::string description;
  Rules ingress;
  Rules egress;
  TagMap tags;
};

engine::ObservedResource Observed(GroupFacts group, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = group.id;
  observed.region = region;
  observed.identity_key = GroupKey(group.vpc_id, group.name);
  observed.properties = {
      {"GroupName", group.name},
      {"GroupDescription", group.description},
      {"VpcId", group.vpc_id},
      {RulesOf(Direction::kIngress), ToTemplate(group.ingress, Direction::kIngress)},
      {RulesOf(Direction::kEgress), ToTemplate(group.egress, Direction::kEgress)},
      {"Tags", kit::UserTags(group.tags)},
  };
  observed.tags = std::move(group.tags);
  observed.attributes = {{"GroupId", group.id}, {"VpcId", group.vpc_id}};
  return observed;
}

// One item of DescribeSecurityGroups' securityGroupInfo.
engine::ObservedResource FromDescribe(const json& group, const std::string& region) {
  engine::ObservedResource observed =
      Observed({.id = StringField(group, "groupId"),
                .vpc_id = StringField(group, "vpcId"),
                .name = StringField(group, "groupName"),
                .description = StringField(group, "groupDescription"),
                .ingress = RulesFromIpPermissions(group.value("ipPermissions", json())),
                .egress = RulesFromIpPermissions(group.value("ipPermissionsEgress", json())),
                .tags = ReadTagSet(group.value("tagSet", json()))},
               region);
  observed.made_by_aws = StringField(group, "groupName") == "default";  // every VPC's own
  return observed;
}

class SecurityGroupReconciler final : public engine::Reconciler {
 public:
  explicit SecurityGroupReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::EC2::SecurityGroup",
                    .service = "ec2",
                    .name_property = "GroupName",
                    .max_name_length = 255}),
        client_(client) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return GroupKey(VpcOf(desired), desired.name);
  }

  // One unfiltered, paginated DescribeSecurityGroups per region and cycle. EC2 ANDs filters,
  // so "ours OR named like a desired group" would take two calls (owner tag, then group-name);
  // and the owner filter alone would hide the unowned look-alikes the engine must report.
  // Groups are few per account (1000 per page), so reading them all is the cheaper way.
  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    // Keys planned before the default VPC was known ("/name") name a group in it.
    for (std::size_t i = 0; i < scope.identity_keys.size(); ++i) {
      if (!scope.identity_keys[i].starts_with("/")) continue;
      auto vpc = co_await default_vpcs_.Find(client_, scope.region);
      if (!vpc) co_return vpc.error();
      std::string& key = scope.identity_keys.MutableAt(i);
      key = *vpc + key;
    }
    kit::ObservedMemo::Convert from_item = [region = scope.region](const json& group) {
      return FromDescribe(group, region);
    };
    // A focused read takes two narrow calls instead: ours by logical ID, look-alikes by name.
    if (!scope.focus.empty()) {
      std::vector<aws::CallRequest> calls = FocusedCalls(scope, "DescribeSecurityGroups", 1000);
      std::vector<std::string> names;
      for (const std::string& key : scope.identity_keys)
        names.push_back(key.substr(key.find('/') + 1));
      for (aws::CallRequest& call :
           FilteredCalls(scope, "DescribeSecurityGroups", 1000, "group-name", names, false)) {
        calls.push_back(std::move(call));
      }
      auto focused = co_await DescribeEach(client_, std::move(calls), "securityGroupInfo",
                                           std::move(from_item));
      if (!focused) co_return focused.error();
      co_return kit::OursOrWanted(std::move(*focused), scope);
    }
    aws::CallRequest call = Ec2Call(scope.region, "DescribeSecurityGroups", {{"MaxResults", 1000}});
    auto observed =
        co_await DescribeObserved(client_, std::move(call), "securityGroupInfo",
                                  memos_[scope.region], std::move(from_item), scope.held_equal);
    if (!observed) co_return observed.error();
    co_return kit::OursOrWanted(std::move(*observed), scope);
  }

  bool ObservesFocus() const override { return true; }

  // Rules compare as sets, in one normal form on both sides.
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json wanted = desired.properties;
    for (Direction direction : kDirections) {
      if (auto rules = DesiredRules(desired.properties, direction))
        wanted[RulesOf(direction)] = ToTemplate(*rules, direction);
    }
    engine::DiffRules rules;
    rules.set_properties = {RulesOf(Direction::kIngress), RulesOf(Direction::kEgress)};
    return engine::DiffProperties(wanted, observed.properties, rules);
  }

  // Rules are not part of CreateSecurityGroup: they are authorized after it. If that fails the
  // group exists with our tags, and the next pass finds it and completes the rules.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = {{"GroupName", desired.name},
                   {"GroupDescription", StringField(desired.properties, "GroupDescription")},
                   {"TagSpecification", TagSpecifications("security-group", desired)}};
    if (const std::string vpc_id = StringField(desired.properties, "VpcId"); !vpc_id.empty())
      params["VpcId"] = vpc_id;
    auto created =
        co_await client_.Call(Ec2Call(desired.region, "CreateSecurityGroup", std::move(params)));
    if (!created) {
      if (created.error().aws_code != "InvalidGroup.Duplicate") co_return created.error();
      // An earlier create of ours whose answer was lost, or someone else's group.
      const aws::CallRequest find = Ec2Call(
          desired.region, "DescribeSecurityGroups",
          {{"Filter", {Filter("vpc-id", {VpcOf(desired)}), Filter("group-name", {desired.name})}}});
      co_return co_await FindOwnDuplicate(client_, find, "securityGroupInfo", std::move(desired),
                                          created.error(), FromDescribe);
    }
    // What AWS gives a new group: no ingress, allow-all egress.
    GroupFacts group{.id = StringField(created->data, "groupId"),
                     .vpc_id = VpcOf(desired),
                     .name = desired.name,
                     .description = StringField(desired.properties, "GroupDescription"),
                     .ingress = {},
                     .egress = Rules(1, AllowAllEgress()),
                     .tags = kit::CreationTags(desired)};
    for (Direction direction : kDirections) {
      auto wanted = DesiredRules(desired.properties, direction);
      if (!wanted) continue;
      Rules& current = direction == Direction::kIngress ? group.ingress : group.egress;
      auto synced = co_await SyncRules(desired.region, group.id, direction, *wanted, current);
      if (!synced) co_return synced.error();
      current = *wanted;
    }
    co_return Observed(std::move(group), desired.region);
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    for (Direction direction : kDirections) {
      auto wanted = DesiredRules(desired.properties, direction);
      if (!wanted || !diff.Touches("/" + RulesOf(direction))) continue;
      const Rules current = RulesFromTemplate(
          observed.properties.Value(RulesOf(direction), json::array()), direction);
      auto synced =
          co_await SyncRules(desired.region, observed.physical_id, direction, *wanted, current);
      if (!synced) co_return synced;
    }
    co_return Result<void>{};
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        Ec2Call(observed.region, "DeleteSecurityGroup", {{"GroupId", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  // Revokes what the file dropped, then authorizes what it added.
  Task<void> SyncRules(std::string region, std::string group_id, Direction direction, Rules desired,
                       Rules observed) {
    const RuleChanges changes = DiffRuleSets(desired, observed);
    const std::string suffix = direction == Direction::kIngress ? "Ingress" : "Egress";
    const std::pair<const char*, const Rules*> steps[] = {{"Revoke", &changes.revoke},
                                                          {"Authorize", &changes.authorize}};
    for (const auto& [verb, rules] : steps) {
      if (rules->empty()) continue;
      const aws::CallRequest call =
          Ec2Call(region, std::string(verb) + "SecurityGroup" + suffix,
                  {{"GroupId", group_id}, {"IpPermissions", ToIpPermissions(*rules)}});
      auto done = co_await kit::CallForEffect(client_, call);
      if (!done) co_return done;
    }
    co_return Result<void>{};
  }

  // The file's VpcId, else the region's default VPC once known.
  std::string VpcOf(const engine::DesiredResource& desired) const {
    const std::string vpc = StringField(desired.properties, "VpcId");
    return vpc.empty() ? default_vpcs_.Known(desired.region) : vpc;
  }

  aws::AwsClient& client_;
  DefaultVpcs default_vpcs_;
  std::map<std::string, kit::ObservedMemo> memos_;  // by region: what ObserveAll made last
};

}  // namespace

void AddSecurityGroup(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<SecurityGroupReconciler>(context.client),
               ResourceTags(context.client));
}

}  // namespace awsr::reconcilers::ec2
