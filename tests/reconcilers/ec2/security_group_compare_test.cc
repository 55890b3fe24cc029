#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

const json kSsh = {
    {"IpProtocol", "tcp"}, {"FromPort", 22}, {"ToPort", 22}, {"CidrIp", "10.0.0.0/8"}};
const json kAllOut = {{"IpProtocol", "-1"}, {"CidrIp", "0.0.0.0/0"}};

// What ObserveAll reports for a group with SSH in and AWS's default egress.
json GroupObservedProperties() {
  return {{"GroupName", "web"},
          {"GroupDescription", "web servers"},
          {"VpcId", "vpc-1"},
          {"SecurityGroupIngress", json::array({kSsh})},
          {"SecurityGroupEgress", json::array({kAllOut})},
          {"Tags", json::array({{{"Key", "team"}, {"Value", "web"}}})}};
}

struct GroupCompareCase {
  const char* reason;
  json desired;
  std::vector<std::string> changed_paths;
};

class SecurityGroupCompareTest : public ::testing::TestWithParam<GroupCompareCase> {};

TEST_P(SecurityGroupCompareTest, ReportsTheChangedProperties) {
  OfflineClient client;
  awsr::testing::RegisteredTypes types(client.get());
  const engine::Reconciler& reconciler = types.Reconciler("AWS::EC2::SecurityGroup");
  engine::ObservedResource observed;
  observed.properties = GroupObservedProperties();
  const auto desired = MakeDesired("Web", "AWS::EC2::SecurityGroup", GetParam().desired, "web");
  std::vector<std::string> paths;
  for (const auto& change : reconciler.Compare(desired, observed).changes) {
    paths.push_back(change.path);
  }
  EXPECT_EQ(paths, GetParam().changed_paths) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, SecurityGroupCompareTest,
    ::testing::Values(
        GroupCompareCase{"the same group", GroupObservedProperties(), {}},
        GroupCompareCase{
            "unset in the file means don't care", {{"GroupDescription", "web servers"}}, {}},
        GroupCompareCase{"no egress in the file: AWS's default egress is not drift",
                         {{"SecurityGroupIngress", json::array({kSsh})}},
                         {}},
        GroupCompareCase{"an empty egress list makes the default rule drift",
                         {{"SecurityGroupEgress", json::array()}},
                         {"/SecurityGroupEgress"}},
        GroupCompareCase{"protocol and ports in other spellings are the same rule",
                         {{"SecurityGroupIngress", json::array({{{"IpProtocol", "6"},
                                                                 {"FromPort", "22"},
                                                                 {"ToPort", "22"},
                                                                 {"CidrIp", "10.0.0.0/8"}}})},
                          {"SecurityGroupEgress", json::array({{{"IpProtocol", "all"},
                                                                {"FromPort", -1},
                                                                {"ToPort", -1},
                                                                {"CidrIp", "0.0.0.0/0"}}})}},
                         {}},
        GroupCompareCase{"a rule missing in AWS",
                         {{"SecurityGroupIngress", json::array({kSsh,
                                                                {{"IpProtocol", "tcp"},
                                                                 {"FromPort", 443},
                                                                 {"ToPort", 443},
                                                                 {"CidrIp", "0.0.0.0/0"}}})}},
                         {"/SecurityGroupIngress"}},
        GroupCompareCase{"a rule AWS has that the file does not",
                         {{"SecurityGroupIngress", json::array()}},
                         {"/SecurityGroupIngress"}},
        GroupCompareCase{
            "a changed description", {{"GroupDescription", "other"}}, {"/GroupDescription"}},
        GroupCompareCase{"a changed user tag",
                         {{"Tags", json::array({{{"Key", "team"}, {"Value", "db"}}})}},
                         {"/Tags"}}));

TEST(SecurityGroupIdentityTest, IsVpcAndName) {
  OfflineClient client;
  awsr::testing::RegisteredTypes types(client.get());
  const engine::Reconciler& reconciler = types.Reconciler("AWS::EC2::SecurityGroup");
  const auto desired = MakeDesired("Web", "AWS::EC2::SecurityGroup", {{"VpcId", "vpc-1"}}, "web");
  EXPECT_EQ(reconciler.IdentityKey(desired), "vpc-1/web");
  EXPECT_EQ(reconciler.info().name_property, "GroupName");
  EXPECT_EQ(reconciler.info().max_name_length, 255u);
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
