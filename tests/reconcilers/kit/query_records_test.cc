#include "reconcilers/kit/query_records.h"

#include <gtest/gtest.h>

#include "reconcilers/kit/query_list.h"

namespace awsr::reconcilers::kit {
namespace {

using nlohmann::json;

TEST(QueryListTest, NamesListElementsAsTheServiceModelDoes) {
  EXPECT_EQ(QueryList("Tag", json::array({{{"Key", "a"}}, {{"Key", "b"}}})),
            (json{{"Tag", {{"1", {{"Key", "a"}}}, {"2", {{"Key", "b"}}}}}}));
  EXPECT_EQ(QueryList("VpcSecurityGroupId", json::array()), json::array());
}

TEST(QueryItemsTest, ReadsOneManyOrNoElements) {
  EXPECT_EQ(QueryItems(json{{"Tag", json::array({1, 2})}}, "Tag").size(), 2u);
  EXPECT_EQ(QueryItems(json{{"Tag", {{"Key", "a"}}}}, "Tag").size(), 1u);
  EXPECT_TRUE(QueryItems(json(""), "Tag").empty());
  EXPECT_EQ(QueryItems(json::array({1, 2, 3}), "Tag").size(), 3u);
}

TEST(QueryTagsTest, ReadsTagLists) {
  const json list = {
      {"Tag", json::array({{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}, {"Value", "2"}}})}};
  EXPECT_EQ(QueryTags(list), (engine::TagMap{{"a", "1"}, {"b", "2"}}));
}

TEST(TypedScalarTest, TurnsTextIntoBooleansAndNumbers) {
  EXPECT_EQ(TypedScalar(json("true")), json(true));
  EXPECT_EQ(TypedScalar(json("20")), json(20));
  EXPECT_EQ(TypedScalar(json("16.1")), json("16.1"));
  EXPECT_EQ(TypedScalar(json("db.t4g.micro")), json("db.t4g.micro"));
}

engine::ObservedResource Tagged(std::string owner, std::string logical_id, std::string policy) {
  engine::ObservedResource observed;
  observed.tags = {{"awsreconciled:owner", owner},
                   {"awsreconciled:logical-id", logical_id},
                   {"awsreconciled:deletion-policy", policy}};
  return observed;
}

TEST(FinalSnapshotNameTest, FromOwnerLogicalIdAndCreationAsIdentifiersMustBe) {
  EXPECT_EQ(
      FinalSnapshotName(Tagged("awsreconciled", "DagsterDatabase", "Snapshot"), "20261202044000"),
      "awsreconciled-dagsterdatabase-final-20261202044000");
  EXPECT_EQ(FinalSnapshotName(Tagged("team_a--x", "Db", "Snapshot"), "1"), "team-a-x-db-final-1");
  EXPECT_EQ(FinalSnapshotName(Tagged("9lives", "Db", "Snapshot"), "1"), "s-9lives-db-final-1");
  EXPECT_TRUE(WantsFinalSnapshot(Tagged("o", "Db", "Snapshot")));
  EXPECT_FALSE(WantsFinalSnapshot(Tagged("o", "Db", "Delete")));
}

}  // namespace
}  // namespace awsr::reconcilers::kit
