// Security group rules in one canonical form, so that CloudFormation's rule lists (one peer per
// rule) and AWS's IpPermissions (one protocol and port range, many peers) compare as sets, with
// protocol aliases ("tcp" = "6", "-1" = "all") resolved. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsr::reconcilers::ec2 {

enum class Direction { kIngress, kEgress };

// The CloudFormation property holding the rules: "SecurityGroupIngress" or "SecurityGroupEgress".
std::string_view RuleProperty(Direction direction);

struct SecurityGroupRule {
  std::string protocol;          // "-1", "tcp", "udp", "icmp", "icmpv6" or another number
  std::optional<int> from_port;  // absent for "-1", where AWS ignores ports
  std::optional<int> to_port;
  // Exactly one peer is set.
  std::string cidr_ipv4;
  std::string cidr_ipv6;
  std::string group_id;
  std::string prefix_list_id;
  std::string description;  // empty: none, or "don't care" on the desired side

  // The same permission in AWS, whatever the descriptions say.
  bool SamePermission(const SecurityGroupRule& other) const;
  bool operator==(const SecurityGroupRule&) const = default;
};

std::string CanonicalProtocol(const nlohmann::json& protocol);

// The rule AWS gives a new group: everything to everywhere.
SecurityGroupRule AllowAllEgress();

// From a file's SecurityGroupIngress / SecurityGroupEgress list.
std::vector<SecurityGroupRule> RulesFromTemplate(const nlohmann::json& rules, Direction direction);
// From DescribeSecurityGroups' ipPermissions / ipPermissionsEgress, as XmlToJson gives them.
std::vector<SecurityGroupRule> RulesFromIpPermissions(const nlohmann::json& permissions);

// From one item of DescribeSecurityGroupRules' securityGroupRuleSet (or of Authorize's
// answer), as XmlToJson gives it.
SecurityGroupRule RuleFromSecurityGroupRule(const nlohmann::json& item);

// The SecurityGroupRuleRequest form ModifySecurityGroupRules takes.
nlohmann::json ToRuleRequest(const SecurityGroupRule& rule);

// CloudFormation's form, for observed properties and field-level diffs.
nlohmann::json ToTemplate(const std::vector<SecurityGroupRule>& rules, Direction direction);
// The "IpPermissions" parameter of Authorize/Revoke, one permission per rule.
nlohmann::json ToIpPermissions(const std::vector<SecurityGroupRule>& rules);

struct RuleChanges {
  std::vector<SecurityGroupRule> authorize;
  std::vector<SecurityGroupRule> revoke;
  bool empty() const { return authorize.empty() && revoke.empty(); }
};

// What turns `observed` into `desired`. A desired rule without a description matches whatever
// description AWS has; a different description is a revoke plus an authorize.
RuleChanges DiffRuleSets(const std::vector<SecurityGroupRule>& desired,
                         const std::vector<SecurityGroupRule>& observed);

}  // namespace awsr::reconcilers::ec2
