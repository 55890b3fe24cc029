#include "daemon/engine/shared_strings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace awsr::engine::shared_strings_test {
namespace {

TEST(SharedStringsTest, CopiesShareTheListUntilOneOfThemChangesIt) {
  const SharedStrings keys = std::vector<std::string>{"vpc-1/web", "vpc-1/db"};
  SharedStrings copy = keys;
  EXPECT_TRUE(copy.SameAs(keys)) << "a copy is a handle, not the strings again";
  EXPECT_EQ(copy, keys);

  copy.MutableAt(1) = "vpc-2/db";
  copy.push_back("vpc-1/api");
  EXPECT_FALSE(copy.SameAs(keys));
  EXPECT_EQ(keys.Strings(), (std::vector<std::string>{"vpc-1/web", "vpc-1/db"}))
      << "the list the others share is left as it was";
  EXPECT_EQ(copy.Strings(), (std::vector<std::string>{"vpc-1/web", "vpc-2/db", "vpc-1/api"}));
}

TEST(SharedStringsTest, AnEmptyListIsOneToAddTo) {
  SharedStrings none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.begin(), none.end());
  EXPECT_EQ(none, SharedStrings{});
  EXPECT_EQ(none.emplace_back("bob"), "bob");
  const std::vector<std::string>& strings = none;
  EXPECT_EQ(strings, std::vector<std::string>{"bob"});
}

}  // namespace
}  // namespace awsr::engine::shared_strings_test
