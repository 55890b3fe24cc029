// AWS::EC2::SecurityGroupIngress and AWS::EC2::SecurityGroupEgress: one rule each, a resource
// of its own (an sgr- ID with tags), so groups that refer to each other need no cycle and a
// rule can go on a group the files do not own (a VPC's default group). Found in one
// DescribeSecurityGroupRules filtered on the owner tag per region and cycle; every property
// but Description needs a replacement. A group declared with inline rules of the same
// direction revokes the rules it does not list: use one form or the other per group.
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_types.h"
#include "reconcilers/ec2/security_group_rules.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

// The rule as CloudFormation writes it, in the canonical form of security_group_rules.h.
json RuleProperties(const SecurityGroupRule& rule, Direction direction, const std::string& group) {
  json properties = ToTemplate({rule}, direction)[0];
  properties["GroupId"] = group;
  return properties;
}

class SecurityGroupRuleReconciler final : public engine::Reconciler {
 public:
  SecurityGroupRuleReconciler(aws::AwsClient& client, Direction direction)
      : Reconciler({.type = direction == Direction::kIngress ? "AWS::EC2::SecurityGroupIngress"
                                                             : "AWS::EC2::SecurityGroupEgress",
                    .service = "ec2"}),
        client_(client),
        direction_(direction),
        suffix_(direction == Direction::kIngress ? "Ingress" : "Egress") {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto rules = co_await DescribeOwned(client_, scope, "DescribeSecurityGroupRules",
                                        "securityGroupRuleSet", 1000);
    if (!rules) co_return rules.error();
    std::vector<engine::ObservedResource> observed;
    for (const auto& rule : *rules) {
      if (IsTrue(rule.value("isEgress", json())) == (direction_ == Direction::kEgress))
        observed.push_back(FromItem(rule, scope.region));
    }
    co_return observed;
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    return engine::DiffProperties(Wanted(desired), observed.properties);
  }

  // The rule goes on GroupId, or on GroupName in the default VPC. AWS refuses a rule that
  // exists already (InvalidPermission.Duplicate): ours if it carries our tags (an earlier
  // answer lost), else someone else's, reported as the error.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = {{"IpPermissions", ToIpPermissions(Rules(desired))},
                   {"TagSpecification", TagSpecifications("security-group-rule", desired)}};
    const std::string group_id = StringField(desired.properties, "GroupId");
    if (!group_id.empty()) {
      params["GroupId"] = group_id;
    } else {
      params["GroupName"] = StringField(desired.properties, "GroupName");
    }
    const aws::CallRequest call =
        Ec2Call(desired.region, "AuthorizeSecurityGroup" + suffix_, std::move(params));
    auto created = co_await client_.Call(call);
    if (created) {
      const json rules = aws::AsList(created->data.value("securityGroupRuleSet", json()));
      if (!rules.empty()) {
        engine::ObservedResource rule = FromItem(rules[0], desired.region);
        rule.tags = kit::CreationTags(desired);  // as TagSpecification set them
        rule.identity_key = desired.logical_id;
        co_return rule;
      }
    } else if (created.error().aws_code != "InvalidPermission.Duplicate") {
      co_return created.error();
    }
    const std::string owner = desired.ownership_tags[std::string(engine::kOwnerTag)];
    engine::ObserveScope scope{desired.region, owner, {}, {}};
    auto ours = co_await ObserveAll(scope);
    if (!ours) co_return ours.error();
    for (const auto& rule : *ours) {
      if (kit::IsOwnedBy(rule.tags, desired)) co_return rule;
    }
    if (!created) co_return created.error();
    co_return MakeError(ErrorKind::kTransient, "the new rule is not visible yet");
  }

  // Only the description changes in place.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    json update = {{"SecurityGroupRuleId", observed.physical_id},
                   {"SecurityGroupRule", ToRuleRequest(Rules(desired)[0])}};
    const aws::CallRequest call = Ec2Call(observed.region, "ModifySecurityGroupRules",
                                          {{"GroupId", StringField(observed.internal, "group")},
                                           {"SecurityGroupRule", json::array({update})}});
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        Ec2Call(observed.region, "RevokeSecurityGroup" + suffix_,
                {{"GroupId", StringField(observed.internal, "group")},
                 {"SecurityGroupRuleId", json::array({observed.physical_id})}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  std::vector<SecurityGroupRule> Rules(const engine::DesiredResource& desired) const {
    return RulesFromTemplate(json::array({desired.properties}), direction_);
  }

  json Wanted(const engine::DesiredResource& desired) const {
    json wanted =
        RuleProperties(Rules(desired)[0], direction_, StringField(desired.properties, "GroupId"));
    if (!desired.properties.contains("GroupId")) wanted.erase("GroupId");
    return wanted;
  }

  // One item of securityGroupRuleSet.
  engine::ObservedResource FromItem(const json& item, const std::string& region) const {
    engine::ObservedResource observed;
    observed.physical_id = StringField(item, "securityGroupRuleId");
    observed.region = region;
    observed.tags = ReadTagSet(item.value("tagSet", json()));
    observed.identity_key = observed.Tag(engine::kLogicalIdTag);
    const std::string group = StringField(item, "groupId");
    observed.properties = RuleProperties(RuleFromSecurityGroupRule(item), direction_, group);
    observed.internal = {{"group", group}};
    return observed;
  }

  aws::AwsClient& client_;
  Direction direction_;
  std::string suffix_;
};

}  // namespace

void AddSecurityGroupIngress(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<SecurityGroupRuleReconciler>(context.client, Direction::kIngress),
               ResourceTags(context.client));
}

void AddSecurityGroupEgress(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<SecurityGroupRuleReconciler>(context.client, Direction::kEgress),
               ResourceTags(context.client));
}

}  // namespace awsr::reconcilers::ec2
