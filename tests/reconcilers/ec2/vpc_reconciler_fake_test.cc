// VpcReconciler's verbs against tests/fakeaws through the real client.
#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

class VpcReconcilerFakeTest : public Ec2FakeTest {
 protected:
  engine::DesiredResource MainVpc() {
    return MakeDesired("MainVpc", "AWS::EC2::VPC",
                       {{"CidrBlock", "10.0.0.0/16"},
                        {"EnableDnsHostnames", true},
                        {"Tags", json::array({{{"Key", "team"}, {"Value", "net"}}})}});
  }

  engine::ObservedResource CreateOrFail(engine::DesiredResource desired) {
    auto created = Run(reconciler_.Create(std::move(desired)));
    if (!created) ADD_FAILURE() << created.error().Describe();
    return created ? *created : engine::ObservedResource();
  }

  // What the engine passes when MainVpc() is the only VPC in the files.
  std::vector<engine::ObservedResource> ObserveOrFail(std::set<std::string> properties_in_use = {
                                                          "CidrBlock", "EnableDnsHostnames",
                                                          "Tags"}) {
    auto observed = Run(reconciler_.ObserveAll(Scope({}, std::move(properties_in_use))));
    if (!observed) ADD_FAILURE() << observed.error().Describe();
    return observed ? observed->Copies() : std::vector<engine::ObservedResource>();
  }

  // What the engine's detail reads step does for the one setting MainVpc() sets.
  void ReadDnsInto(engine::ObservedResource& vpc) {
    auto read = Run(reconciler_.ReadDetail(vpc, "EnableDnsHostnames"));
    ASSERT_TRUE(read.has_value()) << read.error().Describe();
    vpc.properties.Set("EnableDnsHostnames", *read);
  }

  awsr::testing::RegisteredTypes types_{*client_};
  engine::Reconciler& reconciler_ = types_.Reconciler("AWS::EC2::VPC");
};

TEST_F(VpcReconcilerFakeTest, CreateTagsAtCreationAndObserveFindsOnlyOurs) {
  CreateVpcOutOfBand("10.9.0.0/16");  // not ours: never observed
  const auto created = CreateOrFail(MainVpc());
  EXPECT_TRUE(created.physical_id.starts_with("vpc-"));
  EXPECT_EQ(created.Tag(engine::kOwnerTag), kTestOwner);
  EXPECT_TRUE(created.attributes.at("DefaultSecurityGroup").get<std::string>().starts_with("sg-"));
  EXPECT_EQ(Calls("CreateTags"), 0) << "ownership tags go in the create call";

  fake_->Control("POST", "/_fake/calls/reset");
  const auto observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  const auto& vpc = observed[0];
  EXPECT_EQ(vpc.physical_id, created.physical_id);
  EXPECT_EQ(vpc.identity_key, "MainVpc");
  EXPECT_EQ(vpc.properties["Tags"], json::parse(R"([{"Key": "team", "Value": "net"}])"));
  EXPECT_EQ(vpc.Tag(engine::kLogicalIdTag), "MainVpc");
  EXPECT_FALSE(vpc.properties.Contains("EnableDnsHostnames")) << "a detail, read on its own";
  EXPECT_EQ(vpc.attributes.at("DefaultSecurityGroup"),
            created.attributes.at("DefaultSecurityGroup"));
  EXPECT_TRUE(vpc.ready);
  EXPECT_TRUE(reconciler_.Compare(MainVpc(), vpc).empty()) << "a detail not read is unknown";
  // The cost of a cycle: one describe of VPCs (the default group is known since the create);
  // the DNS settings, which AWS only returns one VPC at a time, are the engine's budgeted
  // detail reads.
  EXPECT_EQ(Calls("DescribeVpcs"), 1);
  EXPECT_EQ(Calls("DescribeSecurityGroups"), 0);
  EXPECT_EQ(Calls("DescribeVpcAttribute"), 0);
}

TEST_F(VpcReconcilerFakeTest, ADefaultGroupIsAskedForOnceAVpcNotEveryCycle) {
  const auto created = CreateOrFail(MainVpc());
  const std::string group = created.attributes.at("DefaultSecurityGroup").get<std::string>();
  // A reconciler that has not seen the VPC yet (a restarted daemon) asks once.
  awsr::testing::RegisteredTypes restarted(*client_);
  engine::Reconciler& fresh = restarted.Reconciler("AWS::EC2::VPC");
  const auto observe = [&](std::size_t vpcs, int asked) {
    fake_->Control("POST", "/_fake/calls/reset");
    auto observed = Run(fresh.ObserveAll(Scope({}, {"CidrBlock", "Tags"})));
    ASSERT_TRUE(observed.has_value()) << observed.error().Describe();
    ASSERT_EQ(observed->size(), vpcs);
    for (const auto& vpc : *observed) {
      EXPECT_TRUE(vpc.attributes.at("DefaultSecurityGroup").get<std::string>().starts_with("sg-"));
      if (vpc.physical_id == created.physical_id) {
        EXPECT_EQ(vpc.attributes.at("DefaultSecurityGroup"), group);
      }
    }
    EXPECT_EQ(Calls("DescribeSecurityGroups"), asked);
  };
  observe(1, 1);
  observe(1, 0);
  observe(1, 0);
  // A VPC that appears later is asked for when it does; the known one is not asked again.
  CreateOrFail(MakeDesired("SecondVpc", "AWS::EC2::VPC", {{"CidrBlock", "10.1.0.0/16"}}));
  observe(2, 1);
  observe(2, 0);
}

TEST_F(VpcReconcilerFakeTest, DnsSettingsAreDetailReadsOneCallEach) {
  const auto created = CreateOrFail(MainVpc());
  const auto details = reconciler_.DetailProperties();
  EXPECT_EQ(std::vector<std::string>(details.begin(), details.end()),
            (std::vector<std::string>{"EnableDnsSupport", "EnableDnsHostnames"}));
  fake_->Control("POST", "/_fake/calls/reset");
  auto hostnames = Run(reconciler_.ReadDetail(created, "EnableDnsHostnames"));
  ASSERT_TRUE(hostnames.has_value()) << hostnames.error().Describe();
  EXPECT_EQ(*hostnames, true);
  auto support = Run(reconciler_.ReadDetail(created, "EnableDnsSupport"));
  ASSERT_TRUE(support.has_value()) << support.error().Describe();
  EXPECT_EQ(*support, true) << "AWS's default for a new VPC";
  EXPECT_EQ(Calls("DescribeVpcAttribute"), 2);
  EXPECT_FALSE(Run(reconciler_.ReadDetail(created, "CidrBlock")).has_value());
}

TEST_F(VpcReconcilerFakeTest, UpdateCorrectsDnsAndTagDrift) {
  const auto created = CreateOrFail(MainVpc());
  OutOfBand("ModifyVpcAttribute",
            {{"VpcId", created.physical_id}, {"EnableDnsHostnames", {{"Value", false}}}});
  OutOfBand("CreateTags", {{"ResourceId", {created.physical_id}},
                           {"Tag", {{{"Key", "intruder"}, {"Value", "1"}}}}});

  auto observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  ReadDnsInto(observed[0]);
  const engine::Diff diff = reconciler_.Compare(MainVpc(), observed[0]);
  EXPECT_TRUE(diff.Touches("/EnableDnsHostnames"));
  EXPECT_TRUE(diff.Touches("/Tags"));
  auto updated = Run(types_.Update(MainVpc(), observed[0], diff));
  ASSERT_TRUE(updated.has_value()) << updated.error().Describe();

  observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  ReadDnsInto(observed[0]);
  EXPECT_EQ(observed[0].properties["EnableDnsHostnames"], true);
  EXPECT_TRUE(reconciler_.Compare(MainVpc(), observed[0]).empty());
  EXPECT_EQ(observed[0].Tag(engine::kOwnerTag), kTestOwner) << "ownership survives the update";
}

TEST_F(VpcReconcilerFakeTest, RetagOwnershipAddsAndRemoves) {
  const auto created = CreateOrFail(MainVpc());
  auto retagged =
      Run(types_.Ownership("AWS::EC2::VPC")
              .Retag(created, {{"awsreconciled:extra", "1"}}, {std::string(engine::kOwnerTag)}));
  ASSERT_TRUE(retagged.has_value()) << retagged.error().Describe();
  EXPECT_TRUE(ObserveOrFail().empty()) << "released: no longer ours";
}

// ObserveAll keeps what it made of each VPC and converts again only one whose bytes moved
// (kit::ObservedMemo): each change behind its back is seen at the next observation, and a VPC
// that stops being ours (or goes) is not handed back from memory.
TEST_F(VpcReconcilerFakeTest, EveryOutOfBandChangeIsSeenByTheNextObservation) {
  const std::string id = CreateOrFail(MainVpc()).physical_id;
  const auto only = [&] {
    const auto observed = ObserveOrFail();
    return observed.size() == 1 ? observed[0] : engine::ObservedResource();
  };
  ASSERT_EQ(only().physical_id, id);
  const auto tag = [&](std::string key, std::string value) {
    OutOfBand("CreateTags", {{"ResourceId", {id}}, {"Tag", {{{"Key", key}, {"Value", value}}}}});
  };
  tag("team", "web");
  EXPECT_EQ(only().properties["Tags"], json::array({{{"Key", "team"}, {"Value", "web"}}}))
      << "a user tag changed";
  tag("cost", "1");
  EXPECT_EQ(only().Tag("cost"), "1") << "a user tag added";
  OutOfBand("DeleteTags", {{"ResourceId", {id}}, {"Tag", {{{"Key", "cost"}}}}});
  EXPECT_FALSE(only().tags.contains("cost")) << "a user tag removed";
  tag(std::string(engine::kLogicalIdTag), "OtherVpc");
  EXPECT_EQ(only().identity_key, "OtherVpc") << "our logical-id tag changed";
  OutOfBand("DeleteTags", {{"ResourceId", {id}}, {"Tag", {{{"Key", std::string(engine::kOwnerTag)}}}}});
  EXPECT_TRUE(ObserveOrFail().empty()) << "no longer ours: the owner filter hides it";
  tag(std::string(engine::kOwnerTag), kTestOwner);
  EXPECT_EQ(only().Tag(engine::kOwnerTag), kTestOwner) << "ours again";
  OutOfBand("DeleteVpc", {{"VpcId", id}});
  EXPECT_TRUE(ObserveOrFail().empty()) << "gone";
}

TEST_F(VpcReconcilerFakeTest, DeleteTwiceIsFine) {
  const auto created = CreateOrFail(MainVpc());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto deleted = Run(reconciler_.Delete(created));
    ASSERT_TRUE(deleted.has_value()) << attempt << ": " << deleted.error().Describe();
  }
  EXPECT_TRUE(ObserveOrFail().empty());
}

TEST_F(VpcReconcilerFakeTest, DeleteWithAGroupInsideIsAConflict) {
  const auto created = CreateOrFail(MainVpc());
  OutOfBand("CreateSecurityGroup", {{"GroupName", "inside"},
                                    {"GroupDescription", "keeps the VPC"},
                                    {"VpcId", created.physical_id}});
  auto deleted = Run(reconciler_.Delete(created));
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(deleted.error().aws_code, "DependencyViolation");
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
