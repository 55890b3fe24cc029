#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

json VpcObservedProperties() {
  return {{"CidrBlock", "10.0.0.0/16"},
          {"InstanceTenancy", "default"},
          {"EnableDnsSupport", true},
          {"EnableDnsHostnames", false},
          {"Tags", json::array({{{"Key", "env"}, {"Value", "dev"}}})}};
}

struct VpcCompareCase {
  const char* reason;
  json desired;
  std::vector<std::string> changed_paths;
};

class VpcCompareTest : public ::testing::TestWithParam<VpcCompareCase> {};

TEST_P(VpcCompareTest, ReportsTheChangedProperties) {
  OfflineClient client;
  awsr::testing::RegisteredTypes types(client.get());
  const engine::Reconciler& reconciler = types.Reconciler("AWS::EC2::VPC");
  engine::ObservedResource observed;
  observed.properties = VpcObservedProperties();
  const auto desired = MakeDesired("Main", "AWS::EC2::VPC", GetParam().desired);
  std::vector<std::string> paths;
  for (const auto& change : reconciler.Compare(desired, observed).changes) {
    paths.push_back(change.path);
  }
  EXPECT_EQ(paths, GetParam().changed_paths) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, VpcCompareTest,
    ::testing::Values(
        VpcCompareCase{"the same VPC", VpcObservedProperties(), {}},
        VpcCompareCase{"unset in the file means don't care", {{"CidrBlock", "10.0.0.0/16"}}, {}},
        VpcCompareCase{"booleans as strings", {{"EnableDnsSupport", "true"}}, {}},
        VpcCompareCase{"DNS hostnames turned off outside",
                       {{"EnableDnsHostnames", true}},
                       {"/EnableDnsHostnames"}},
        VpcCompareCase{"another CIDR block", {{"CidrBlock", "10.1.0.0/16"}}, {"/CidrBlock"}},
        VpcCompareCase{"a user tag removed outside",
                       {{"Tags", json::array({{{"Key", "env"}, {"Value", "dev"}},
                                              {{"Key", "team"}, {"Value", "net"}}})}},
                       {"/Tags"}}));

TEST(VpcIdentityTest, IsTheLogicalIdSinceVpcsHaveNoName) {
  OfflineClient client;
  awsr::testing::RegisteredTypes types(client.get());
  const engine::Reconciler& reconciler = types.Reconciler("AWS::EC2::VPC");
  EXPECT_EQ(reconciler.IdentityKey(MakeDesired("Main", "AWS::EC2::VPC", json::object())), "Main");
  EXPECT_TRUE(reconciler.info().name_property.empty());
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
