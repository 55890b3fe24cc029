#include <gtest/gtest.h>

#include "reconcilers/ec2/instance_description.h"
#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

json InstanceObservedProperties() {
  return {{"ImageId", "ami-1"},
          {"InstanceType", "t2.small"},
          {"KeyName", "deploy"},
          {"SubnetId", "subnet-1"},
          {"SecurityGroupIds", {"sg-1", "sg-2"}},
          {"IamInstanceProfile", "web"},
          {"Tags", json::array({{{"Key", "env"}, {"Value", "dev"}}})}};
}

struct InstanceCompareCase {
  const char* reason;
  json desired;
  std::vector<std::string> changed_paths;
  bool stopped_for_resize = false;
};

class InstanceCompareTest : public ::testing::TestWithParam<InstanceCompareCase> {};

TEST_P(InstanceCompareTest, ReportsTheChangedProperties) {
  OfflineClient client;
  awsr::testing::RegisteredTypes types(client.get());
  const engine::Reconciler& reconciler = types.Reconciler("AWS::EC2::Instance");
  engine::ObservedResource observed;
  observed.properties = InstanceObservedProperties();
  observed.aws_state = GetParam().stopped_for_resize ? "stopped" : "running";
  if (GetParam().stopped_for_resize) observed.tags[std::string(kStoppedForResizeTag)] = "t2.small";
  const auto desired = MakeDesired("Web", "AWS::EC2::Instance", GetParam().desired);
  std::vector<std::string> paths;
  for (const auto& change : reconciler.Compare(desired, observed).changes) {
    paths.push_back(change.path);
  }
  EXPECT_EQ(paths, GetParam().changed_paths) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, InstanceCompareTest,
    ::testing::Values(
        InstanceCompareCase{"the same instance", InstanceObservedProperties(), {}},
        InstanceCompareCase{"groups are a set", {{"SecurityGroupIds", {"sg-2", "sg-1"}}}, {}},
        InstanceCompareCase{
            "a group swapped outside", {{"SecurityGroupIds", {"sg-1"}}}, {"/SecurityGroupIds"}},
        InstanceCompareCase{"another type", {{"InstanceType", "t2.medium"}}, {"/InstanceType"}},
        InstanceCompareCase{"another image", {{"ImageId", "ami-2"}}, {"/ImageId"}},
        InstanceCompareCase{
            "a profile named by ARN",
            {{"IamInstanceProfile", "arn:aws:iam::123456789012:instance-profile/web"}},
            {}},
        InstanceCompareCase{
            "UserData is applied at launch, not watched", {{"UserData", "IyEvYmluL3No"}}, {}},
        InstanceCompareCase{"properties this reconciler does not manage are not compared",
                            {{"Monitoring", true}},
                            {}},
        InstanceCompareCase{"stopped by us, type already changed: still to start",
                            {{"InstanceType", "t2.small"}},
                            {"/InstanceType"},
                            true},
        InstanceCompareCase{"a tag changed outside", {{"Tags", json::array()}}, {"/Tags"}}));

}  // namespace
}  // namespace awsr::reconcilers::ec2
