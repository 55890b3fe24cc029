#include "daemon/engine/tags.h"

#include <gtest/gtest.h>

namespace awsr::engine {
namespace {

using nlohmann::json;

struct TagChangesCase {
  const char* reason;
  json desired;
  TagMap observed;
  TagMap set;
  std::vector<std::string> remove;
};

class UserTagChangesTest : public ::testing::TestWithParam<TagChangesCase> {};

TEST_P(UserTagChangesTest, LeavesReservedTagsAlone) {
  const auto& row = GetParam();
  const TagChanges changes = UserTagChanges(row.desired, row.observed);
  EXPECT_EQ(changes.set, row.set) << row.reason;
  EXPECT_EQ(changes.remove, row.remove) << row.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, UserTagChangesTest,
    ::testing::Values(TagChangesCase{"equal",
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

TEST(TagsFromListTest, ReadsCloudFormationTagsAndSkipsWhatIsNotATag) {
  const json tags = json::parse(R"([{"Key": "port", "Value": 5439}, {"Key": "on", "Value": true},
      {"Value": "no key"}, {"Key": 7, "Value": "key not a string"}, "text", {"Key": "empty"}])");
  EXPECT_EQ(TagsFromList(tags), (TagMap{{"port", "5439"}, {"on", "true"}, {"empty", ""}}));
  EXPECT_TRUE(TagsFromList(json::object()).empty());
}

}  // namespace
}  // namespace awsr::engine
