// InstanceReconciler's verbs against tests/fakeaws through the real client. The fake's
// lifecycle timings are zero here: a state change shows at the next describe, so no test waits.
#include <gtest/gtest.h>

#include "reconcilers/ec2/instance_description.h"
#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

const json kInstantLifecycle = {{"instance_pending_seconds", 0},
                                {"instance_stopping_seconds", 0},
                                {"instance_shutting_down_seconds", 0}};
const json kDefaultLifecycle = {{"instance_pending_seconds", 0.5},
                                {"instance_stopping_seconds", 0.5},
                                {"instance_shutting_down_seconds", 0.5}};

class InstanceReconcilerFakeTest : public Ec2FakeTest {
 protected:
  void SetUp() override {
    Ec2FakeTest::SetUp();
    fake_->Control("POST", "/_fake/config", kInstantLifecycle.dump());
    const std::string vpc_id = CreateVpcOutOfBand("10.0.0.0/16");
    subnet_id_ = OutOfBand("CreateSubnet",
                           {{"VpcId", vpc_id}, {"CidrBlock", "10.0.1.0/24"}})["subnet"]["subnetId"]
                     .get<std::string>();
    OutOfBand("ModifySubnetAttribute",
              {{"SubnetId", subnet_id_}, {"MapPublicIpOnLaunch", {{"Value", true}}}});
    for (const char* name : {"ssh", "web"}) {
      groups_.push_back(OutOfBand(
          "CreateSecurityGroup",
          {{"GroupName", name}, {"GroupDescription", name}, {"VpcId", vpc_id}})["groupId"]);
    }
  }

  void TearDown() override { fake_->Control("POST", "/_fake/config", kDefaultLifecycle.dump()); }

  engine::DesiredResource Web(std::string type = "t2.small") {
    auto desired = MakeDesired("WebInstance", "AWS::EC2::Instance",
                               {{"ImageId", "ami-0fakeaws000000002"},
                                {"InstanceType", type},
                                {"SubnetId", subnet_id_},
                                {"SecurityGroupIds", {groups_[0]}},
                                {"Tags", json::array({{{"Key", "role"}, {"Value", "web"}}})}});
    desired.client_token = "awsr-test-web";
    return desired;
  }

  engine::ObservedResource CreateOrFail(engine::DesiredResource desired) {
    auto created = Run(reconciler_.Create(std::move(desired)));
    if (!created) ADD_FAILURE() << created.error().Describe();
    return created ? *created : engine::ObservedResource();
  }

  std::vector<engine::ObservedResource> ObserveAll() {
    auto observed = Run(reconciler_.ObserveAll(Scope()));
    if (!observed) ADD_FAILURE() << observed.error().Describe();
    return observed ? observed->Copies() : std::vector<engine::ObservedResource>();
  }

  engine::ObservedResource ObserveOne() {
    auto observed = ObserveAll();
    if (observed.size() != 1) ADD_FAILURE() << observed.size() << " instances observed";
    return observed.empty() ? engine::ObservedResource() : observed[0];
  }

  // One pass as the engine runs it: compare, then update when it differs and AWS is done.
  Result<void> Pass(const engine::DesiredResource& desired) {
    const auto observed = ObserveOne();
    const auto diff = reconciler_.Compare(desired, observed);
    if (diff.empty() || !observed.ready) return Result<void>{};
    return Run(types_.Update(desired, observed, diff));
  }

  std::string subnet_id_;
  std::vector<std::string> groups_;
  awsr::testing::RegisteredTypes types_{*client_};
  engine::Reconciler& reconciler_ = types_.Reconciler("AWS::EC2::Instance");
};

TEST_F(InstanceReconcilerFakeTest, LaunchingTwiceWithTheSameTokenGivesOneInstance) {
  const auto first = CreateOrFail(Web());
  const auto again = CreateOrFail(Web());
  EXPECT_TRUE(first.physical_id.starts_with("i-"));
  EXPECT_EQ(again.physical_id, first.physical_id);
  EXPECT_FALSE(first.ready) << "pending right after launch";
  EXPECT_EQ(first.aws_state, "pending");
  EXPECT_EQ(Calls("CreateTags"), 0) << "ownership tags go in the launch";

  fake_->Control("POST", "/_fake/calls/reset");
  const auto observed = ObserveOne();
  EXPECT_EQ(Calls("DescribeInstances"), 1) << "one bulk describe per cycle";
  EXPECT_EQ(observed.physical_id, first.physical_id);
  EXPECT_EQ(observed.identity_key, "WebInstance");
  EXPECT_TRUE(observed.ready);
  EXPECT_EQ(observed.aws_state, "running");
  EXPECT_TRUE(observed.attributes.at("PublicIp").get<std::string>().starts_with("203.0.113."))
      << "the subnet maps public addresses";
  EXPECT_TRUE(observed.attributes.at("PublicDnsName").get<std::string>().starts_with("ec2-"));
  EXPECT_EQ(observed.attributes.at("AvailabilityZone"), "us-east-1a");
  EXPECT_TRUE(reconciler_.Compare(Web(), observed).empty());
}

TEST_F(InstanceReconcilerFakeTest, GroupAndTagDriftIsCorrectedInPlace) {
  const auto created = CreateOrFail(Web());
  OutOfBand("ModifyInstanceAttribute",
            {{"InstanceId", created.physical_id}, {"GroupId", {groups_[1]}}});
  OutOfBand("CreateTags", {{"ResourceId", {created.physical_id}},
                           {"Tag", {{{"Key", "role"}, {"Value", "changed"}}}}});
  const auto diff = reconciler_.Compare(Web(), ObserveOne());
  EXPECT_TRUE(diff.Touches("/SecurityGroupIds"));
  EXPECT_TRUE(diff.Touches("/Tags"));
  auto passed = Pass(Web());
  ASSERT_TRUE(passed.has_value()) << passed.error().Describe();
  EXPECT_TRUE(reconciler_.Compare(Web(), ObserveOne()).empty());
  EXPECT_EQ(Calls("StopInstances"), 0) << "groups change on a running instance";
}

TEST_F(InstanceReconcilerFakeTest, ATypeChangeStopsModifiesAndStartsOverPasses) {
  CreateOrFail(Web("t2.small"));
  const auto bigger = Web("t2.medium");
  // First pass: mark and stop; the pass ends in a conflict so the engine comes back soon.
  auto first = Pass(bigger);
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Calls("StopInstances"), 1);
  EXPECT_EQ(Calls("ModifyInstanceAttribute"), 0) << "AWS refuses it on a running instance";
  // Second pass finds it stopped: new type, started, mark removed.
  auto second = Pass(bigger);
  ASSERT_TRUE(second.has_value()) << second.error().Describe();
  EXPECT_EQ(Calls("ModifyInstanceAttribute"), 1);
  EXPECT_EQ(Calls("StartInstances"), 1);
  const auto observed = ObserveOne();
  EXPECT_EQ(observed.aws_state, "running");
  EXPECT_EQ(observed.properties["InstanceType"], "t2.medium");
  EXPECT_FALSE(observed.tags.contains(std::string(kStoppedForResizeTag)));
  EXPECT_TRUE(reconciler_.Compare(bigger, observed).empty());
}

TEST_F(InstanceReconcilerFakeTest, AStopInterruptedAfterTheModifyIsFinishedNextPass) {
  const auto created = CreateOrFail(Web("t2.small"));
  ASSERT_FALSE(Pass(Web("t2.medium")).has_value());  // marked and stopping
  ObserveOne();                                      // now stopped
  OutOfBand("ModifyInstanceAttribute",
            {{"InstanceId", created.physical_id}, {"InstanceType", {{"Value", "t2.medium"}}}});
  // Type already right, but the instance is still stopped by us: the pass starts it.
  auto passed = Pass(Web("t2.medium"));
  ASSERT_TRUE(passed.has_value()) << passed.error().Describe();
  EXPECT_EQ(Calls("StartInstances"), 1);
  EXPECT_EQ(ObserveOne().aws_state, "running");
}

TEST_F(InstanceReconcilerFakeTest, DeleteTwiceIsFineAndTerminatedInstancesAreGone) {
  const auto created = CreateOrFail(Web());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto deleted = Run(reconciler_.Delete(created));
    ASSERT_TRUE(deleted.has_value()) << attempt << ": " << deleted.error().Describe();
  }
  EXPECT_TRUE(ObserveAll().empty());
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
