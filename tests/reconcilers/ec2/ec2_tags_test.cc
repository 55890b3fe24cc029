#include "reconcilers/ec2/ec2_tags.h"

#include <gtest/gtest.h>

#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

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
  EXPECT_EQ(kit::UserTags(tags), json::parse(R"([{"Key": "env", "Value": "dev"}])"));
  EXPECT_TRUE(ReadTagSet("").empty());
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
