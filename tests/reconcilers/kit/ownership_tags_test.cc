#include "reconcilers/kit/ownership_tags.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::kit {
namespace {

using nlohmann::json;

engine::DesiredResource Desired() {
  engine::DesiredResource desired;
  desired.logical_id = "Main";
  desired.properties = {{"Tags", json::array({{{"Key", "team"}, {"Value", "net"}},
                                              {{"Key", "awsreconciled:owner"}, {"Value", "x"}}})}};
  desired.ownership_tags = {{"awsreconciled:owner", "me"}, {"awsreconciled:logical-id", "Main"}};
  return desired;
}

engine::ObservedResource Named(std::string name, engine::TagMap tags) {
  engine::ObservedResource observed;
  observed.physical_id = observed.identity_key = std::move(name);
  observed.tags = std::move(tags);
  return observed;
}

TEST(OwnershipTagsTest, CreationTagsCarryTheFilesTagsAndOwnershipWins) {
  EXPECT_EQ(CreationTags(Desired()), (engine::TagMap{{"awsreconciled:logical-id", "Main"},
                                                     {"awsreconciled:owner", "me"},
                                                     {"team", "net"}}));
  EXPECT_EQ(CreationTagList(Desired()).size(), 3u);
}

TEST(OwnershipTagsTest, UserTagsLeaveOursOut) {
  EXPECT_EQ(UserTags({{"awsreconciled:owner", "me"}, {"env", "dev"}}),
            json::parse(R"([{"Key": "env", "Value": "dev"}])"));
}

TEST(OwnershipTagsTest, OwnedMeansOurOwnerAndThisLogicalId) {
  const auto desired = Desired();
  EXPECT_TRUE(
      IsOwnedBy({{"awsreconciled:owner", "me"}, {"awsreconciled:logical-id", "Main"}}, desired));
  EXPECT_FALSE(
      IsOwnedBy({{"awsreconciled:owner", "me"}, {"awsreconciled:logical-id", "Other"}}, desired))
      << "another resource of ours";
  EXPECT_FALSE(
      IsOwnedBy({{"awsreconciled:owner", "you"}, {"awsreconciled:logical-id", "Main"}}, desired))
      << "another daemon's";
  engine::DesiredResource unowned = desired;
  unowned.ownership_tags.clear();
  EXPECT_FALSE(IsOwnedBy({}, unowned)) << "no owner is never a match";
}

TEST(OwnershipTagsTest, OursOrWantedKeepsOwnedAndAskedFor) {
  const std::vector<engine::ObservedResource> all = {
      Named("alice", {{"awsreconciled:owner", "me"}}), Named("bob", {}),
      Named("carol", {{"awsreconciled:owner", "you"}})};
  engine::ObserveScope scope{"us-east-1", "me", {}};
  EXPECT_EQ(OursOrWanted(all, scope).size(), 1u);
  scope.identity_keys = {"bob", "carol"};
  EXPECT_EQ(OursOrWanted(all, scope).size(), 3u) << "look-alikes asked for, whoever owns them";
}

TEST(OwnershipTagsTest, OursOrWantedKeepsWhatWeReleased) {
  const std::vector<engine::ObservedResource> all = {
      Named("alice", {{"awsreconciled:owner", "released:me"}}),
      Named("carol", {{"awsreconciled:owner", "released:you"}})};
  const engine::ObserveScope scope{"us-east-1", "me", {}};
  const auto kept = OursOrWanted(all, scope);
  ASSERT_EQ(kept.size(), 1u) << "ours to take back; another daemon's release is not";
  EXPECT_EQ(kept[0].physical_id, "alice");
}

}  // namespace
}  // namespace awsr::reconcilers::kit
