#include "reconcilers/ec2/ec2_tags.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

struct TagChangesCase {
  const char* reason;
  json desired;
  TagMap observed;
  TagMap set;
  std::vector<std::string> remove;
};

class UserTagChangesTest : public testing::TestWithParam<TagChangesCase> {};

TEST_P(UserTagChangesTest, LeavesReservedTagsAlone) {
  const auto& row = GetParam();
  const TagChanges changes = UserTagChanges(row.desired, row.observed);
  EXPECT_EQ(changes.set, row.set) << row.reason;
  EXPECT_EQ(changes.remove, row.remove) << row.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, UserTagChangesTest,
    testing::Values(TagChangesCase{"equal",
                                   json::array({{{"Key", "a"}, {"Value", "1"}}}),
                                   {{"a", "1"}, {"awsreconciled:owner", "me"}},
                                   {},
                                   {}},
                    TagChangesCase{"added, changed and removed",
                                   json::array({{{"Key", "a"}, {"Value", "2"}},
                                                {{"Key", "b"}, {"Value", "1"}}}),
                                   {{"a", "1"}, {"c", "1"}},
                                   {{"a", "2"}, {"b", "1"}},
                                   {"c"}},
                    TagChangesCase{"an empty list removes user tags, never ours",
                                   json::array(),
                                   {{"awsreconciled:owner", "me"}, {"x", "y"}},
                                   {},
                                   {"x"}},
                    TagChangesCase{
                        "the file cannot set a reserved tag",
                        json::array({{{"Key", "awsreconciled:owner"}, {"Value", "thief"}}}),
                        {{"awsreconciled:owner", "me"}},
                        {},
                        {}}));

TEST(TagSpecificationsTest, CarryUserAndOwnershipTagsWithOwnershipWinning) {
  engine::DesiredResource desired;
  desired.properties = {{"Tags", json::array({{{"Key", "team"}, {"Value", "net"}},
                                              {{"Key", "awsreconciled:owner"}, {"Value", "x"}}})}};
  desired.ownership_tags = {{"awsreconciled:owner", "me"}, {"awsreconciled:logical-id", "Main"}};
  EXPECT_EQ(TagSpecifications("vpc", desired), json::parse(R"([{"ResourceType": "vpc", "Tag": [
      {"Key": "awsreconciled:logical-id", "Value": "Main"},
      {"Key": "awsreconciled:owner", "Value": "me"},
      {"Key": "team", "Value": "net"}]}])"));
}

TEST(ReadTagSetTest, ReadsXmlShapesAndHidesReservedFromUserTags) {
  const TagMap tags = ReadTagSet(json::array(
      {{{"key", "awsreconciled:owner"}, {"value", "me"}}, {{"key", "env"}, {"value", "dev"}}}));
  EXPECT_EQ(tags.size(), 2u);
  EXPECT_EQ(UserTags(tags), json::parse(R"([{"Key": "env", "Value": "dev"}])"));
  EXPECT_TRUE(ReadTagSet("").empty());
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
