// SecurityGroupReconciler's verbs against tests/fakeaws through the real client.
#include <gtest/gtest.h>

#include <functional>

#include "daemon/engine/pass_fingerprint.h"
#include "reconcilers/ec2/ec2_tags.h"
#include "reconcilers/ec2/security_group_rules.h"
#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

const json kRedshift = {
    {"IpProtocol", "tcp"}, {"FromPort", 5439}, {"ToPort", 5439}, {"CidrIp", "10.0.0.0/16"}};
const json kHttpsOut = {
    {"IpProtocol", "tcp"}, {"FromPort", 443}, {"ToPort", 443}, {"CidrIp", "0.0.0.0/0"}};

class SecurityGroupReconcilerFakeTest : public Ec2FakeTest {
 protected:
  void SetUp() override {
    Ec2FakeTest::SetUp();
    vpc_id_ = CreateVpcOutOfBand("10.0.0.0/16");
  }

  engine::DesiredResource Group(std::string name = "redshift_security_group",
                                std::string logical_id = "RedshiftSecurityGroup") {
    return MakeDesired(std::move(logical_id), "AWS::EC2::SecurityGroup",
                       {{"GroupName", name},
                        {"GroupDescription", "authorize redshift cluster access"},
                        {"VpcId", vpc_id_},
                        {"SecurityGroupIngress", json::array({kRedshift})},
                        {"SecurityGroupEgress", json::array({kHttpsOut})},
                        {"Tags", json::array({{{"Key", "team"}, {"Value", "data"}}})}},
                       name);
  }

  engine::ObservedResource CreateOrFail(engine::DesiredResource desired) {
    auto created = Run(reconciler_.Create(std::move(desired)));
    if (!created) ADD_FAILURE() << created.error().Describe();
    return created ? *created : engine::ObservedResource();
  }

  // The one observed group with this id, or a failure.
  engine::ObservedResource ObserveOne(const std::string& group_id) {
    auto observed = Run(reconciler_.ObserveAll(Scope()));
    if (!observed) ADD_FAILURE() << observed.error().Describe();
    for (auto& group : observed ? *observed : std::vector<engine::ObservedResource>()) {
      if (group.physical_id == group_id) return group;
    }
    ADD_FAILURE() << group_id << " not observed";
    return {};
  }

  // The group as AWS describes it, bypassing the reconciler.
  json Describe(const std::string& group_id) {
    return aws::AsList(
        OutOfBand("DescribeSecurityGroups", {{"GroupId", {group_id}}})["securityGroupInfo"])[0];
  }

  std::string vpc_id_;
  awsr::testing::RegisteredTypes types_{*client_};
  engine::Reconciler& reconciler_ = types_.Reconciler("AWS::EC2::SecurityGroup");
};

TEST_F(SecurityGroupReconcilerFakeTest, CreateAppliesTagsRulesAndReplacesDefaultEgress) {
  const auto created = CreateOrFail(Group());
  ASSERT_TRUE(created.physical_id.starts_with("sg-"));
  EXPECT_EQ(created.identity_key, vpc_id_ + "/redshift_security_group");
  EXPECT_EQ(Calls("CreateTags"), 0) << "ownership tags go in the create call";

  const json group = Describe(created.physical_id);
  const TagMap tags = ReadTagSet(group["tagSet"]);
  EXPECT_EQ(tags.at(std::string(engine::kOwnerTag)), kTestOwner);
  EXPECT_EQ(tags.at(std::string(engine::kLogicalIdTag)), "RedshiftSecurityGroup");
  EXPECT_EQ(tags.at("team"), "data");
  EXPECT_EQ(ToTemplate(RulesFromIpPermissions(group["ipPermissions"]), Direction::kIngress),
            json::array({kRedshift}));
  EXPECT_EQ(ToTemplate(RulesFromIpPermissions(group["ipPermissionsEgress"]), Direction::kEgress),
            json::array({kHttpsOut}))
      << "the default allow-all egress is revoked when the file lists egress";

  EXPECT_TRUE(reconciler_.Compare(Group(), created).empty());
  EXPECT_TRUE(reconciler_.Compare(Group(), ObserveOne(created.physical_id)).empty());
}

TEST_F(SecurityGroupReconcilerFakeTest, WithoutEgressInTheFileTheDefaultEgressStays) {
  auto desired = Group();
  desired.properties.erase("SecurityGroupEgress");
  const auto created = CreateOrFail(desired);
  const auto observed = ObserveOne(created.physical_id);
  EXPECT_EQ(observed.properties["SecurityGroupEgress"],
            json::parse(R"([{"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}])"));
  EXPECT_TRUE(reconciler_.Compare(desired, observed).empty());
}

TEST_F(SecurityGroupReconcilerFakeTest, ObserveAllSeesOursAndNamedLookAlikesInOneCall) {
  const auto ours = CreateOrFail(Group());
  const std::string look_alike = OutOfBand(
      "CreateSecurityGroup",
      {{"GroupName", "web"}, {"GroupDescription", "made by hand"}, {"VpcId", vpc_id_}})["groupId"];
  OutOfBand("CreateSecurityGroup",
            {{"GroupName", "unrelated"}, {"GroupDescription", "x"}, {"VpcId", vpc_id_}});

  fake_->Control("POST", "/_fake/calls/reset");
  auto observed = Run(reconciler_.ObserveAll(Scope({vpc_id_ + "/web"})));
  ASSERT_TRUE(observed.has_value()) << observed.error().Describe();
  std::map<std::string, std::string> owner_by_id;
  for (const auto& group : *observed) owner_by_id[group.physical_id] = group.Tag(engine::kOwnerTag);
  EXPECT_EQ(owner_by_id,
            (std::map<std::string, std::string>{{ours.physical_id, kTestOwner}, {look_alike, ""}}));
  EXPECT_EQ(Calls("DescribeSecurityGroups"), 1);
}

TEST_F(SecurityGroupReconcilerFakeTest, OutOfBandRuleIsDriftAndUpdateRevokesIt) {
  const auto created = CreateOrFail(Group());
  OutOfBand("AuthorizeSecurityGroupIngress", {{"GroupId", created.physical_id},
                                              {"IpPermissions",
                                               {{{"IpProtocol", "6"},
                                                 {"FromPort", 3389},
                                                 {"ToPort", 3389},
                                                 {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}}}}}}}});
  OutOfBand("DeleteTags", {{"ResourceId", {created.physical_id}}, {"Tag", {{{"Key", "team"}}}}});

  const auto drifted = ObserveOne(created.physical_id);
  const engine::Diff diff = reconciler_.Compare(Group(), drifted);
  EXPECT_TRUE(diff.Touches("/SecurityGroupIngress"));
  EXPECT_TRUE(diff.Touches("/Tags"));
  EXPECT_FALSE(diff.Touches("/SecurityGroupEgress"));

  auto updated = Run(types_.Update(Group(), drifted, diff));
  ASSERT_TRUE(updated.has_value()) << updated.error().Describe();
  const auto corrected = ObserveOne(created.physical_id);
  EXPECT_TRUE(reconciler_.Compare(Group(), corrected).empty());
  EXPECT_EQ(corrected.Tag(engine::kOwnerTag), kTestOwner) << "ownership survives the update";
}

TEST_F(SecurityGroupReconcilerFakeTest, UpdateAddsAndRemovesRulesAsTheFileChanges) {
  const auto created = CreateOrFail(Group());
  auto desired = Group();
  desired.properties["SecurityGroupIngress"] =
      json::array({{{"IpProtocol", "tcp"}, {"FromPort", 22}, {"ToPort", 22}, {"CidrIpv6", "::/0"}},
                   {{"IpProtocol", "tcp"},
                    {"FromPort", 5439},
                    {"ToPort", 5439},
                    {"SourceSecurityGroupId", created.physical_id},
                    {"Description", "itself"}}});
  desired.properties["SecurityGroupEgress"] = json::array();
  const engine::Diff diff = reconciler_.Compare(desired, created);
  auto updated = Run(types_.Update(desired, created, diff));
  ASSERT_TRUE(updated.has_value()) << updated.error().Describe();
  const auto observed = ObserveOne(created.physical_id);
  EXPECT_TRUE(reconciler_.Compare(desired, observed).empty());
  EXPECT_EQ(observed.properties["SecurityGroupEgress"], json::array());
}

TEST_F(SecurityGroupReconcilerFakeTest, CreateTwiceReturnsTheSameGroup) {
  const auto first = CreateOrFail(Group());
  const auto second = CreateOrFail(Group());
  EXPECT_EQ(second.physical_id, first.physical_id);
  const json named =
      OutOfBand("DescribeSecurityGroups",
                {{"Filter", {{{"Name", "group-name"}, {"Value", {"redshift_security_group"}}}}}});
  EXPECT_EQ(aws::AsList(named["securityGroupInfo"]).size(), 1u);
}

TEST_F(SecurityGroupReconcilerFakeTest, CreateOverSomeoneElsesGroupIsAConflict) {
  OutOfBand("CreateSecurityGroup", {{"GroupName", "redshift_security_group"},
                                    {"GroupDescription", "made by hand"},
                                    {"VpcId", vpc_id_}});
  auto created = Run(reconciler_.Create(Group()));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(created.error().aws_code, "InvalidGroup.Duplicate");
}

TEST_F(SecurityGroupReconcilerFakeTest, RetagOwnershipAdoptsALookAlike) {
  const std::string id = OutOfBand(
      "CreateSecurityGroup",
      {{"GroupName", "web"}, {"GroupDescription", "by hand"}, {"VpcId", vpc_id_}})["groupId"];
  engine::ObservedResource look_alike;
  look_alike.physical_id = id;
  look_alike.internal["region"] = kTestRegion;
  auto adopted = Run(types_.Ownership("AWS::EC2::SecurityGroup")
                         .Retag(look_alike, {{std::string(engine::kOwnerTag), kTestOwner}}, {}));
  ASSERT_TRUE(adopted.has_value()) << adopted.error().Describe();
  EXPECT_EQ(ObserveOne(id).Tag(engine::kOwnerTag), kTestOwner);
}

// ObserveAll keeps what it made of each group and converts again only a group whose bytes
// moved (kit::ObservedMemo): every change made behind its back must still be seen, exactly as
// a reconciler that never observed before sees it.
TEST_F(SecurityGroupReconcilerFakeTest, EveryOutOfBandChangeIsSeenByTheNextObservation) {
  const auto created = CreateOrFail(Group());
  const std::string id = created.physical_id;
  const json rdp = {{{"IpProtocol", "6"},
                     {"FromPort", 3389},
                     {"ToPort", 3389},
                     {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}}}}}};
  struct Case {
    std::string reason;
    std::function<void()> change;
    std::function<bool(const engine::ObservedResource&)> seen;
  };
  const std::vector<Case> cases = {
      {"an ingress rule added",
       [&] { OutOfBand("AuthorizeSecurityGroupIngress", {{"GroupId", id}, {"IpPermissions", rdp}}); },
       [](const auto& g) { return g.properties["SecurityGroupIngress"].size() == 2; }},
      {"that rule revoked",
       [&] { OutOfBand("RevokeSecurityGroupIngress", {{"GroupId", id}, {"IpPermissions", rdp}}); },
       [](const auto& g) { return g.properties["SecurityGroupIngress"].size() == 1; }},
      {"an egress rule added",
       [&] { OutOfBand("AuthorizeSecurityGroupEgress", {{"GroupId", id}, {"IpPermissions", rdp}}); },
       [](const auto& g) { return g.properties["SecurityGroupEgress"].size() == 2; }},
      {"a user tag changed",
       [&] {
         OutOfBand("CreateTags",
                   {{"ResourceId", {id}}, {"Tag", {{{"Key", "team"}, {"Value", "web"}}}}});
       },
       [](const auto& g) { return g.Tag("team") == "web"; }},
      {"a user tag added",
       [&] {
         OutOfBand("CreateTags",
                   {{"ResourceId", {id}}, {"Tag", {{{"Key", "cost"}, {"Value", "1"}}}}});
       },
       [](const auto& g) { return g.Tag("cost") == "1"; }},
      {"a user tag removed",
       [&] { OutOfBand("DeleteTags", {{"ResourceId", {id}}, {"Tag", {{{"Key", "team"}}}}}); },
       [](const auto& g) { return !g.tags.contains("team"); }},
      {"our owner tag taken",
       [&] {
         OutOfBand("DeleteTags", {{"ResourceId", {id}},
                                  {"Tag", {{{"Key", std::string(engine::kOwnerTag)}}}}});
       },
       [](const auto& g) { return g.Tag(engine::kOwnerTag).empty(); }},
  };
  // Named in the files, so it is seen even once it is no longer ours.
  const auto observe = [&](engine::Reconciler& reconciler) {
    auto observed = Run(reconciler.ObserveAll(Scope({vpc_id_ + "/redshift_security_group"})));
    EXPECT_TRUE(observed.has_value());
    for (auto& group : observed ? *observed : std::vector<engine::ObservedResource>()) {
      if (group.physical_id == id) return group;
    }
    ADD_FAILURE() << id << " not observed";
    return engine::ObservedResource();
  };
  observe(reconciler_);  // the memo holds the group as created
  for (const auto& row : cases) {
    row.change();
    const auto seen = observe(reconciler_);
    EXPECT_TRUE(row.seen(seen)) << row.reason;
    awsr::testing::RegisteredTypes fresh{*client_};
    const auto afresh = observe(fresh.Reconciler("AWS::EC2::SecurityGroup"));
    EXPECT_TRUE(engine::SameFingerprintInputs(seen, afresh))
        << row.reason << ": " << seen.properties.Unpack().dump() << " against "
        << afresh.properties.Unpack().dump();
    EXPECT_EQ(seen.made_by_aws, afresh.made_by_aws) << row.reason;
  }
  EXPECT_EQ(observe(reconciler_).Tag("cost"), "1") << "nothing moved: the same group again";
}

TEST_F(SecurityGroupReconcilerFakeTest, DeleteTwiceIsFine) {
  const auto created = CreateOrFail(Group());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto deleted = Run(reconciler_.Delete(created));
    ASSERT_TRUE(deleted.has_value()) << attempt << ": " << deleted.error().Describe();
  }
  auto observed = Run(reconciler_.ObserveAll(Scope()));
  ASSERT_TRUE(observed.has_value());
  EXPECT_TRUE(observed->empty());
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
