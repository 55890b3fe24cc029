#include "reconcilers/elbv2/elbv2_observed.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon/engine/diff.h"

namespace awsr::reconcilers::elbv2 {
namespace {

using nlohmann::json;

constexpr const char* kBalancerArn =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
constexpr const char* kListenerArn =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/"
    "f2f7dc8efc522ab2";

// A DescribeLoadBalancers item as the XML reader gives it: every leaf is text.
json Balancer(const std::string& state) {
  return {
      {"LoadBalancerArn", kBalancerArn},
      {"LoadBalancerName", "web"},
      {"DNSName", "web-1234567890.us-east-1.elb.amazonaws.com"},
      {"CanonicalHostedZoneId", "Z35SXDOTRQ7X7K"},
      {"Scheme", "internet-facing"},
      {"Type", "application"},
      {"IpAddressType", "ipv4"},
      {"State", {{"Code", state}}},
      {"AvailabilityZones", json::array({{{"ZoneName", "us-east-1b"}, {"SubnetId", "subnet-b"}},
                                         {{"ZoneName", "us-east-1a"}, {"SubnetId", "subnet-a"}}})},
      {"SecurityGroups", json::array({"sg-1"})}};
}

TEST(Elbv2ObservedTest, ALoadBalancerIsReadyOnlyOnceActive) {
  struct Row {
    std::string reason;
    std::string state;
    bool ready;
  };
  const std::vector<Row> rows = {{"provisioning", "provisioning", false},
                                 {"active", "active", true},
                                 {"failed stays not ready", "failed", false}};
  for (const auto& row : rows) {
    const auto observed = LoadBalancerFromRecord(Balancer(row.state), "us-east-1");
    EXPECT_EQ(observed.ready, row.ready) << row.reason;
    EXPECT_EQ(observed.aws_state, row.state) << row.reason;
  }
  const auto observed = LoadBalancerFromRecord(Balancer("active"), "us-east-1");
  EXPECT_EQ(observed.physical_id, kBalancerArn);
  EXPECT_EQ(observed.identity_key, "web");
  EXPECT_EQ(observed.attributes.at("LoadBalancerFullName"), "app/web/50dc6c495c0c9188");
  EXPECT_EQ(observed.attributes.at("CanonicalHostedZoneID"), "Z35SXDOTRQ7X7K");
  // Subnets come from the zones, in AWS's order: the reconciler compares them as a set.
  engine::DiffRules sets;
  sets.set_properties = {"Subnets", "SecurityGroups"};
  const json wanted = {{"Subnets", {"subnet-a", "subnet-b"}}, {"SecurityGroups", {"sg-1"}}};
  EXPECT_TRUE(engine::DiffProperties(wanted, observed.properties, sets).empty());
}

TEST(Elbv2ObservedTest, ATargetGroupLeavesOutWhatAwsDoesNotSayAndComparesNumbersAsText) {
  const json group = {
      {"TargetGroupArn",
       "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/users/73e2d6bc24d8a067"},
      {"TargetGroupName", "users"},
      {"Protocol", "HTTP"},
      {"Port", "5000"},
      {"VpcId", "vpc-1"},
      {"HealthCheckEnabled", "true"},
      {"HealthCheckPath", "/ping"},
      {"Matcher", {{"HttpCode", "200"}}},
      {"TargetType", "instance"},
      {"LoadBalancerArns", ""}};  // an empty list, as the XML reader gives it
  const auto observed = TargetGroupFromRecord(group, "us-east-1");
  EXPECT_FALSE(observed.properties.Contains("ProtocolVersion"));
  EXPECT_EQ(observed.attributes.at("TargetGroupFullName"), "targetgroup/users/73e2d6bc24d8a067");
  EXPECT_EQ(observed.attributes.at("LoadBalancerArns"), json::array());
  const json wanted = {{"Name", "users"},
                       {"Port", 5000},
                       {"HealthCheckEnabled", true},
                       {"HealthCheckPath", "/ping"},
                       {"Matcher", {{"HttpCode", "200"}}},
                       {"ProtocolVersion", "HTTP1"}};  // unknown to the answer: no change
  EXPECT_TRUE(engine::DiffProperties(wanted, observed.properties).empty());
}

TEST(Elbv2ObservedTest, ListenersAndRulesAreKeyedByParentAndMatchTheFilesActions) {
  const json listener = {
      {"ListenerArn", kListenerArn},
      {"LoadBalancerArn", kBalancerArn},
      {"Port", "80"},
      {"Protocol", "HTTP"},
      {"DefaultActions",
       json::array({{{"Type", "forward"},
                     {"TargetGroupArn", "tg-client"},
                     {"Order", "1"},
                     {"ForwardConfig",
                      {{"TargetGroups",
                        json::array({{{"TargetGroupArn", "tg-client"}, {"Weight", "1"}}})}}}}})}};
  const auto observed = ListenerFromRecord(listener, "us-east-1");
  EXPECT_EQ(observed.identity_key, std::string(kBalancerArn) + "#80");
  EXPECT_EQ(ListenerKey(kBalancerArn, 80), observed.identity_key);
  EXPECT_EQ(ParentOfKey(observed.identity_key), kBalancerArn);
  const json wanted = {
      {"Port", 80},
      {"Protocol", "HTTP"},
      {"DefaultActions", json::array({{{"Type", "forward"}, {"TargetGroupArn", "tg-client"}}})}};
  EXPECT_TRUE(engine::DiffProperties(wanted, observed.properties).empty());

  const json rule = {
      {"RuleArn", "rule-1"},
      {"Priority", "1"},
      {"IsDefault", "false"},
      {"Conditions",
       json::array({{{"Field", "path-pattern"},
                     {"Values", json::array({"/users*", "/ping"})},
                     {"PathPatternConfig", {{"Values", json::array({"/users*", "/ping"})}}}}})},
      {"Actions", json::array({{{"Type", "forward"}, {"TargetGroupArn", "tg-users"}}})}};
  const auto read = RuleFromRecord(kListenerArn, rule, "us-east-1");
  EXPECT_EQ(read.identity_key, RuleKey(kListenerArn, 1));
  EXPECT_EQ(ParentOfKey(read.identity_key), kListenerArn);
  EXPECT_EQ(read.properties["ListenerArn"], kListenerArn);
  const json as_values = {
      {"Priority", 1},
      {"Conditions", json::array({{{"Field", "path-pattern"}, {"Values", {"/users*", "/ping"}}}})}};
  const json as_config = {
      {"Conditions", json::array({{{"Field", "path-pattern"},
                                   {"PathPatternConfig", {{"Values", {"/users*", "/ping"}}}}}})}};
  EXPECT_TRUE(engine::DiffProperties(as_values, read.properties).empty());
  EXPECT_TRUE(engine::DiffProperties(as_config, read.properties).empty());
  const json other_paths = {
      {"Conditions", json::array({{{"Field", "path-pattern"}, {"Values", {"/changed"}}}})}};
  EXPECT_FALSE(engine::DiffProperties(other_paths, read.properties).empty());
}

TEST(Elbv2ObservedTest, AnOidcClientSecretAwsNeverAnswersIsNoChange) {
  const json desired = {
      {"DefaultActions",
       json::array({{{"Type", "authenticate-oidc"},
                     {"AuthenticateOidcConfig",
                      {{"ClientId", "web"}, {"ClientSecret", "s3cret"}, {"Issuer", "https://i"}}}},
                    {{"Type", "forward"}, {"TargetGroupArn", "tg"}}})}};
  const json observed = {
      {"DefaultActions",
       json::array({{{"Type", "authenticate-oidc"},
                     {"AuthenticateOidcConfig", {{"ClientId", "web"}, {"Issuer", "https://i"}}}},
                    {{"Type", "forward"}, {"TargetGroupArn", "tg"}}})}};
  EXPECT_FALSE(engine::DiffProperties(desired, observed).empty());
  EXPECT_TRUE(
      engine::DiffProperties(WithoutClientSecrets(desired, "DefaultActions"), observed).empty());
  EXPECT_EQ(WithoutClientSecrets(json::object(), "Actions"), json::object());
}

}  // namespace
}  // namespace awsr::reconcilers::elbv2
