#include "reconcilers/ec2/security_group_rules.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "daemon/aws/xml_to_json.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

constexpr std::string_view kAllProtocols = "-1";

std::string Text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  return value.is_null() ? std::string() : value.dump();
}

std::optional<int> Port(const json& value) {
  const std::string text = Text(value);
  if (text.empty()) return std::nullopt;
  try {
    return std::stoi(text);
  } catch (const std::exception&) {
    return std::nullopt;  // not a port: AWS will say so when the rule is sent
  }
}

SecurityGroupRule WithPorts(const json& protocol, const json& from, const json& to) {
  SecurityGroupRule rule;
  rule.protocol = CanonicalProtocol(protocol);
  if (rule.protocol != kAllProtocols) {
    rule.from_port = Port(from);
    rule.to_port = Port(to);
  }
  return rule;
}

// The peer members of a CloudFormation rule, which differ by direction.
struct TemplatePeerNames {
  const char* group;
  const char* prefix_list;
};

TemplatePeerNames PeerNames(Direction direction) {
  if (direction == Direction::kIngress) return {"SourceSecurityGroupId", "SourcePrefixListId"};
  return {"DestinationSecurityGroupId", "DestinationPrefixListId"};
}

bool PermissionLess(const SecurityGroupRule& a, const SecurityGroupRule& b) {
  return std::tie(a.protocol, a.from_port, a.to_port, a.cidr_ipv4, a.cidr_ipv6, a.group_id,
                  a.prefix_list_id) < std::tie(b.protocol, b.from_port, b.to_port, b.cidr_ipv4,
                                               b.cidr_ipv6, b.group_id, b.prefix_list_id);
}

bool Covers(const SecurityGroupRule& desired, const SecurityGroupRule& observed) {
  return desired.SamePermission(observed) &&
         (desired.description.empty() || desired.description == observed.description);
}

}  // namespace

std::string_view RuleProperty(Direction direction) {
  return direction == Direction::kIngress ? "SecurityGroupIngress" : "SecurityGroupEgress";
}

bool SecurityGroupRule::SamePermission(const SecurityGroupRule& other) const {
  return !PermissionLess(*this, other) && !PermissionLess(other, *this);
}

std::string CanonicalProtocol(const json& protocol) {
  std::string text = Text(protocol);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::map<std::string, std::string, std::less<>> kAliases = {
      {"all", "-1"}, {"6", "tcp"}, {"17", "udp"}, {"1", "icmp"}, {"58", "icmpv6"}, {"", "-1"}};
  const auto alias = kAliases.find(text);
  return alias == kAliases.end() ? text : alias->second;
}

SecurityGroupRule AllowAllEgress() {
  SecurityGroupRule rule;
  rule.protocol = kAllProtocols;
  rule.cidr_ipv4 = "0.0.0.0/0";
  return rule;
}

std::vector<SecurityGroupRule> RulesFromTemplate(const json& rules, Direction direction) {
  std::vector<SecurityGroupRule> result;
  if (!rules.is_array()) return result;
  const TemplatePeerNames peer = PeerNames(direction);
  for (const auto& entry : rules) {
    if (!entry.is_object()) continue;
    SecurityGroupRule rule =
        WithPorts(entry.value("IpProtocol", json()), entry.value("FromPort", json()),
                  entry.value("ToPort", json()));
    rule.cidr_ipv4 = Text(entry.value("CidrIp", json()));
    rule.cidr_ipv6 = Text(entry.value("CidrIpv6", json()));
    rule.group_id = Text(entry.value(peer.group, json()));
    rule.prefix_list_id = Text(entry.value(peer.prefix_list, json()));
    rule.description = Text(entry.value("Description", json()));
    result.push_back(std::move(rule));
  }
  return result;
}

std::vector<SecurityGroupRule> RulesFromIpPermissions(const json& permissions) {
  std::vector<SecurityGroupRule> result;
  for (const auto& permission : aws::AsList(permissions)) {
    if (!permission.is_object()) continue;
    const SecurityGroupRule base =
        WithPorts(permission.value("ipProtocol", json()), permission.value("fromPort", json()),
                  permission.value("toPort", json()));
    // One rule per peer, whichever list the peer is in.
    const auto each_peer = [&](const char* list, const char* member,
                               std::string SecurityGroupRule::*field) {
      for (const auto& peer : aws::AsList(permission.value(list, json()))) {
        SecurityGroupRule rule = base;
        rule.*field = Text(peer.value(member, json()));
        rule.description = Text(peer.value("description", json()));
        result.push_back(std::move(rule));
      }
    };
    each_peer("ipRanges", "cidrIp", &SecurityGroupRule::cidr_ipv4);
    each_peer("ipv6Ranges", "cidrIpv6", &SecurityGroupRule::cidr_ipv6);
    each_peer("groups", "groupId", &SecurityGroupRule::group_id);
    each_peer("prefixListIds", "prefixListId", &SecurityGroupRule::prefix_list_id);
  }
  return result;
}

SecurityGroupRule RuleFromSecurityGroupRule(const json& item) {
  SecurityGroupRule rule = WithPorts(item.value("ipProtocol", json()),
                                     item.value("fromPort", json()), item.value("toPort", json()));
  rule.cidr_ipv4 = Text(item.value("cidrIpv4", json()));
  rule.cidr_ipv6 = Text(item.value("cidrIpv6", json()));
  const json referenced = item.value("referencedGroupInfo", json());
  if (referenced.is_object()) rule.group_id = Text(referenced.value("groupId", json()));
  rule.prefix_list_id = Text(item.value("prefixListId", json()));
  rule.description = Text(item.value("description", json()));
  return rule;
}

json ToRuleRequest(const SecurityGroupRule& rule) {
  json request = {{"IpProtocol", rule.protocol}, {"Description", rule.description}};
  if (rule.from_port) request["FromPort"] = *rule.from_port;
  if (rule.to_port) request["ToPort"] = *rule.to_port;
  if (!rule.cidr_ipv4.empty()) request["CidrIpv4"] = rule.cidr_ipv4;
  if (!rule.cidr_ipv6.empty()) request["CidrIpv6"] = rule.cidr_ipv6;
  if (!rule.group_id.empty()) request["ReferencedGroupId"] = rule.group_id;
  if (!rule.prefix_list_id.empty()) request["PrefixListId"] = rule.prefix_list_id;
  return request;
}

json ToTemplate(const std::vector<SecurityGroupRule>& rules, Direction direction) {
  const TemplatePeerNames peer = PeerNames(direction);
  json list = json::array();
  for (const auto& rule : rules) {
    json entry = {{"IpProtocol", rule.protocol}};
    if (rule.from_port) entry["FromPort"] = *rule.from_port;
    if (rule.to_port) entry["ToPort"] = *rule.to_port;
    if (!rule.cidr_ipv4.empty()) entry["CidrIp"] = rule.cidr_ipv4;
    if (!rule.cidr_ipv6.empty()) entry["CidrIpv6"] = rule.cidr_ipv6;
    if (!rule.group_id.empty()) entry[peer.group] = rule.group_id;
    if (!rule.prefix_list_id.empty()) entry[peer.prefix_list] = rule.prefix_list_id;
    if (!rule.description.empty()) entry["Description"] = rule.description;
    list.push_back(std::move(entry));
  }
  return list;
}

json ToIpPermissions(const std::vector<SecurityGroupRule>& rules) {
  json permissions = json::array();
  for (const auto& rule : rules) {
    json permission = {{"IpProtocol", rule.protocol}};
    if (rule.from_port) permission["FromPort"] = *rule.from_port;
    if (rule.to_port) permission["ToPort"] = *rule.to_port;
    json peer = json::object();
    if (!rule.description.empty()) peer["Description"] = rule.description;
    // Wire names: UserIdGroupPairs travels as "Groups".
    if (!rule.cidr_ipv4.empty()) {
      peer["CidrIp"] = rule.cidr_ipv4;
      permission["IpRanges"] = json::array({peer});
    } else if (!rule.cidr_ipv6.empty()) {
      peer["CidrIpv6"] = rule.cidr_ipv6;
      permission["Ipv6Ranges"] = json::array({peer});
    } else if (!rule.group_id.empty()) {
      peer["GroupId"] = rule.group_id;
      permission["Groups"] = json::array({peer});
    } else if (!rule.prefix_list_id.empty()) {
      peer["PrefixListId"] = rule.prefix_list_id;
      permission["PrefixListIds"] = json::array({peer});
    }
    permissions.push_back(std::move(permission));
  }
  return permissions;
}

RuleChanges DiffRuleSets(const std::vector<SecurityGroupRule>& desired,
                         const std::vector<SecurityGroupRule>& observed) {
  RuleChanges changes;
  for (const auto& rule : desired) {
    const bool present =
        std::any_of(observed.begin(), observed.end(),
                    [&](const SecurityGroupRule& seen) { return Covers(rule, seen); });
    const bool listed =
        std::any_of(changes.authorize.begin(), changes.authorize.end(),
                    [&](const SecurityGroupRule& other) { return rule.SamePermission(other); });
    if (!present && !listed) changes.authorize.push_back(rule);  // a rule listed twice is sent once
  }
  for (const auto& seen : observed) {
    const bool wanted =
        std::any_of(desired.begin(), desired.end(),
                    [&](const SecurityGroupRule& rule) { return Covers(rule, seen); });
    if (!wanted) changes.revoke.push_back(seen);
  }
  return changes;
}

}  // namespace awsr::reconcilers::ec2
