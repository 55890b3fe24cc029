#include "reconcilers/ec2/security_group_rules.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

// Rules in CloudFormation's form make the expectations readable.
json Template(const std::vector<SecurityGroupRule>& rules) {
  return ToTemplate(rules, Direction::kIngress);
}

struct NormalizeCase {
  const char* reason;
  json ip_permissions;  // as XmlToJson gives DescribeSecurityGroups' ipPermissions
  json expected;        // CloudFormation rules
};

class NormalizeIpPermissionsTest : public ::testing::TestWithParam<NormalizeCase> {};

TEST_P(NormalizeIpPermissionsTest, GivesOneRulePerPeer) {
  EXPECT_EQ(Template(RulesFromIpPermissions(GetParam().ip_permissions)), GetParam().expected)
      << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeIpPermissionsTest,
    ::testing::Values(
        NormalizeCase{"no permissions: XmlToJson gives an empty string", "", json::array()},
        NormalizeCase{"several ranges in one permission become several rules, descriptions kept",
                      json::array({{{"ipProtocol", "tcp"},
                                    {"fromPort", "22"},
                                    {"toPort", "22"},
                                    {"ipRanges", json::array({{{"cidrIp", "1.2.3.4/32"},
                                                               {"description", "office"}},
                                                              {{"cidrIp", "5.6.7.8/32"}}})},
                                    {"ipv6Ranges", ""},
                                    {"groups", ""},
                                    {"prefixListIds", ""}}}),
                      json::array({{{"IpProtocol", "tcp"},
                                    {"FromPort", 22},
                                    {"ToPort", 22},
                                    {"CidrIp", "1.2.3.4/32"},
                                    {"Description", "office"}},
                                   {{"IpProtocol", "tcp"},
                                    {"FromPort", 22},
                                    {"ToPort", 22},
                                    {"CidrIp", "5.6.7.8/32"}}})},
        NormalizeCase{
            "every peer kind of one permission",
            json::array({{{"ipProtocol", "6"},
                          {"fromPort", "443"},
                          {"toPort", "443"},
                          {"ipRanges", json::array({{{"cidrIp", "0.0.0.0/0"}}})},
                          {"ipv6Ranges", json::array({{{"cidrIpv6", "::/0"}}})},
                          {"groups", json::array({{{"groupId", "sg-1"}, {"userId", "123"}}})},
                          {"prefixListIds", json::array({{{"prefixListId", "pl-1"}}})}}}),
            json::array(
                {{{"IpProtocol", "tcp"},
                  {"FromPort", 443},
                  {"ToPort", 443},
                  {"CidrIp", "0.0.0.0/0"}},
                 {{"IpProtocol", "tcp"}, {"FromPort", 443}, {"ToPort", 443}, {"CidrIpv6", "::/0"}},
                 {{"IpProtocol", "tcp"},
                  {"FromPort", 443},
                  {"ToPort", 443},
                  {"SourceSecurityGroupId", "sg-1"}},
                 {{"IpProtocol", "tcp"},
                  {"FromPort", 443},
                  {"ToPort", 443},
                  {"SourcePrefixListId", "pl-1"}}})},
        NormalizeCase{"all protocols has no ports",
                      json::array({{{"ipProtocol", "-1"},
                                    {"ipRanges", json::array({{{"cidrIp", "0.0.0.0/0"}}})}}}),
                      json::array({{{"IpProtocol", "-1"}, {"CidrIp", "0.0.0.0/0"}}})},
        NormalizeCase{"a lone item (one child) is read as a list",
                      json::array({{{"ipProtocol", "udp"},
                                    {"fromPort", "53"},
                                    {"toPort", "53"},
                                    {"ipRanges", {{"cidrIp", "10.0.0.0/8"}}}}}),
                      json::array({{{"IpProtocol", "udp"},
                                    {"FromPort", 53},
                                    {"ToPort", 53},
                                    {"CidrIp", "10.0.0.0/8"}}})}));

struct TemplateCase {
  const char* reason;
  json rules;
  Direction direction;
  json expected;
};

class RulesFromTemplateTest : public ::testing::TestWithParam<TemplateCase> {};

TEST_P(RulesFromTemplateTest, Canonicalizes) {
  const auto& row = GetParam();
  EXPECT_EQ(ToTemplate(RulesFromTemplate(row.rules, row.direction), row.direction), row.expected)
      << row.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RulesFromTemplateTest,
    ::testing::Values(TemplateCase{"ports as strings, protocol by number",
                                 json::array({{{"IpProtocol", "6"},
                                               {"FromPort", "5439"},
                                               {"ToPort", "5439"},
                                               {"CidrIp", "10.0.0.0/16"}}}),
                                 Direction::kIngress,
                                 json::array({{{"IpProtocol", "tcp"},
                                               {"FromPort", 5439},
                                               {"ToPort", 5439},
                                               {"CidrIp", "10.0.0.0/16"}}})},
                    TemplateCase{"all, -1 as a number, and ports AWS would ignore",
                                 json::array({{{"IpProtocol", "all"}, {"CidrIp", "0.0.0.0/0"}},
                                              {{"IpProtocol", -1},
                                               {"FromPort", 0},
                                               {"ToPort", 65535},
                                               {"CidrIpv6", "::/0"}}}),
                                 Direction::kEgress,
                                 json::array({{{"IpProtocol", "-1"}, {"CidrIp", "0.0.0.0/0"}},
                                              {{"IpProtocol", "-1"}, {"CidrIpv6", "::/0"}}})},
                    TemplateCase{"egress names its group the destination",
                                 json::array({{{"IpProtocol", "TCP"},
                                               {"FromPort", 80},
                                               {"ToPort", 80},
                                               {"DestinationSecurityGroupId", "sg-9"}}}),
                                 Direction::kEgress,
                                 json::array({{{"IpProtocol", "tcp"},
                                               {"FromPort", 80},
                                               {"ToPort", 80},
                                               {"DestinationSecurityGroupId", "sg-9"}}})},
                    TemplateCase{"not a list", json("nope"), Direction::kIngress, json::array()}));

SecurityGroupRule Tcp(int port, std::string cidr, std::string description = "") {
  SecurityGroupRule rule;
  rule.protocol = "tcp";
  rule.from_port = port;
  rule.to_port = port;
  rule.cidr_ipv4 = std::move(cidr);
  rule.description = std::move(description);
  return rule;
}

struct DiffCase {
  const char* reason;
  std::vector<SecurityGroupRule> desired;
  std::vector<SecurityGroupRule> observed;
  std::vector<SecurityGroupRule> authorize;
  std::vector<SecurityGroupRule> revoke;
};

class DiffRuleSetsTest : public ::testing::TestWithParam<DiffCase> {};

TEST_P(DiffRuleSetsTest, AuthorizesMissingAndRevokesExtra) {
  const auto& row = GetParam();
  const RuleChanges changes = DiffRuleSets(row.desired, row.observed);
  EXPECT_EQ(Template(changes.authorize), Template(row.authorize)) << row.reason;
  EXPECT_EQ(Template(changes.revoke), Template(row.revoke)) << row.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DiffRuleSetsTest,
    ::testing::Values(DiffCase{"equal sets", {Tcp(22, "a")}, {Tcp(22, "a")}, {}, {}},
                    DiffCase{"reordered sets are equal",
                             {Tcp(22, "a"), Tcp(80, "b")},
                             {Tcp(80, "b"), Tcp(22, "a")},
                             {},
                             {}},
                    DiffCase{"a missing rule is authorized",
                             {Tcp(22, "a"), Tcp(80, "b")},
                             {Tcp(22, "a")},
                             {Tcp(80, "b")},
                             {}},
                    DiffCase{"an extra rule is revoked",
                             {Tcp(22, "a")},
                             {Tcp(22, "a"), Tcp(3389, "c")},
                             {},
                             {Tcp(3389, "c")}},
                    DiffCase{"a changed port is a revoke and an authorize",
                             {Tcp(443, "a")},
                             {Tcp(80, "a")},
                             {Tcp(443, "a")},
                             {Tcp(80, "a")}},
                    DiffCase{"no description in the file matches any",
                             {Tcp(22, "a")},
                             {Tcp(22, "a", "office")},
                             {},
                             {}},
                    DiffCase{"a changed description replaces the rule",
                             {Tcp(22, "a", "vpn")},
                             {Tcp(22, "a", "office")},
                             {Tcp(22, "a", "vpn")},
                             {Tcp(22, "a", "office")}},
                    DiffCase{"a rule listed twice is authorized once",
                             {Tcp(22, "a"), Tcp(22, "a")},
                             {},
                             {Tcp(22, "a")},
                             {}},
                    DiffCase{"an empty egress list revokes AWS's default rule",
                             {},
                             {AllowAllEgress()},
                             {},
                             {AllowAllEgress()}}));

struct ProtocolCase {
  json given;
  std::string canonical;
};

class CanonicalProtocolTest : public ::testing::TestWithParam<ProtocolCase> {};

TEST_P(CanonicalProtocolTest, ResolvesAliases) {
  EXPECT_EQ(CanonicalProtocol(GetParam().given), GetParam().canonical) << GetParam().given;
}

INSTANTIATE_TEST_SUITE_P(Table, CanonicalProtocolTest,
                         ::testing::Values(ProtocolCase{"-1", "-1"}, ProtocolCase{-1, "-1"},
                                         ProtocolCase{"all", "-1"}, ProtocolCase{"6", "tcp"},
                                         ProtocolCase{6, "tcp"}, ProtocolCase{"UDP", "udp"},
                                         ProtocolCase{"17", "udp"}, ProtocolCase{"1", "icmp"},
                                         ProtocolCase{"58", "icmpv6"}, ProtocolCase{"50", "50"}));

TEST(ToIpPermissionsTest, UsesTheEc2WireNames) {
  SecurityGroupRule group_peer = Tcp(5432, "");
  group_peer.group_id = "sg-1";
  group_peer.description = "app";
  EXPECT_EQ(ToIpPermissions({group_peer, AllowAllEgress()}), json::parse(R"([
              {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
               "Groups": [{"GroupId": "sg-1", "Description": "app"}]},
              {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
            ])"));
}

TEST(SecurityGroupRuleItemTest, ReadsDescribeSecurityGroupRulesAndWritesModifyRequests) {
  const json item = {{"securityGroupRuleId", "sgr-1"},
                     {"groupId", "sg-2"},
                     {"isEgress", "false"},
                     {"ipProtocol", "tcp"},
                     {"fromPort", "5432"},
                     {"toPort", "5432"},
                     {"referencedGroupInfo", {{"groupId", "sg-1"}, {"userId", "1"}}},
                     {"description", "app"}};
  const SecurityGroupRule rule = RuleFromSecurityGroupRule(item);
  SecurityGroupRule expected = Tcp(5432, "");
  expected.group_id = "sg-1";
  expected.description = "app";
  EXPECT_EQ(rule, expected);
  EXPECT_EQ(ToTemplate({rule}, Direction::kIngress), json::parse(R"([
              {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
               "SourceSecurityGroupId": "sg-1", "Description": "app"}])"));
  EXPECT_EQ(ToRuleRequest(rule), json::parse(R"({"IpProtocol": "tcp", "FromPort": 5432,
              "ToPort": 5432, "ReferencedGroupId": "sg-1", "Description": "app"})"));
  const SecurityGroupRule all = RuleFromSecurityGroupRule(
      {{"ipProtocol", "-1"}, {"fromPort", "-1"}, {"toPort", "-1"}, {"cidrIpv4", "0.0.0.0/0"}});
  EXPECT_EQ(all, AllowAllEgress());
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
