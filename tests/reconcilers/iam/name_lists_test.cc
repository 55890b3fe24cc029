#include "reconcilers/iam/name_lists.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

TEST(NameListsTest, MissingIsASetDifferenceOfStrings) {
  EXPECT_EQ(Missing(json{"a", "b", "c"}, json{"b"}), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(Missing(json{"a", 7, nullptr}, json::array()), (std::vector<std::string>{"a"}))
      << "only names count";
  EXPECT_TRUE(Missing(json::object(), json{"a"}).empty()) << "not a list: nothing";
  EXPECT_EQ(Missing(json{"a"}, json("a")), (std::vector<std::string>{"a"}))
      << "a `without` that is not a list removes nothing";
}

TEST(NameListsTest, NameListIsTheListOrEmpty) {
  EXPECT_EQ(NameList(json{{"Groups", {"admins"}}}, "Groups"), json{"admins"});
  EXPECT_EQ(NameList(json{{"Groups", "admins"}}, "Groups"), json::array());
  EXPECT_EQ(NameList(json::array(), "Groups"), json::array());
}

}  // namespace
}  // namespace awsr::reconcilers::iam
