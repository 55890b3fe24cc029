// A shared value reads as its value, is held once however often it is copied, and compares by
// value.
#include "daemon/base/shared_value.h"

#include <gtest/gtest.h>

#include <string>

namespace awsr::shared_value_test {
namespace {

TEST(SharedValueTest, CopiesShareOneValue) {
  const SharedValue<std::string> value = std::string("arn:aws:iam::111111111111:role/a");
  const SharedValue<std::string> copy = value;
  EXPECT_EQ(&*copy, &*value);
  EXPECT_EQ(copy->size(), 32u);
}

TEST(SharedValueTest, EqualValuesAreEqualWhereverTheyAreHeld) {
  const SharedValue<std::string> a = std::string("x");
  const SharedValue<std::string> b = std::string("x");
  EXPECT_NE(&*a, &*b);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, SharedValue<std::string>(std::string("y")));
  EXPECT_EQ(SharedValue<std::string>(), SharedValue<std::string>(std::string())) << "default";
}

}  // namespace
}  // namespace awsr::shared_value_test
