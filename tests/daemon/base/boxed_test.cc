// A boxed value behaves as an optional one: set, copied, moved, reset.
#include "daemon/base/boxed.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace awsr::boxed_test {
namespace {

TEST(BoxedTest, HoldsAValueOnlyOnceSet) {
  Boxed<std::string> box;
  EXPECT_FALSE(box);
  box = std::string("throttled");
  ASSERT_TRUE(box.has_value());
  EXPECT_EQ(*box, "throttled");
  EXPECT_EQ(box->size(), 9u);
  box.reset();
  EXPECT_FALSE(box);
}

TEST(BoxedTest, ACopyIsAValueOfItsOwn) {
  Boxed<std::string> box = std::string("a");
  Boxed<std::string> copy = box;
  *copy = "b";
  EXPECT_EQ(*box, "a") << "changing the copy leaves the original";
  Boxed<std::string> empty;
  copy = empty;
  EXPECT_FALSE(copy);
  Boxed<std::string> moved = std::move(box);
  EXPECT_EQ(*moved, "a");
}

TEST(BoxedTest, EqualWhenBothAreEmptyOrHoldEqualValues) {
  EXPECT_EQ(Boxed<std::string>(), Boxed<std::string>());
  EXPECT_EQ(Boxed<std::string>(std::string("a")), Boxed<std::string>(std::string("a")));
  EXPECT_NE(Boxed<std::string>(std::string("a")), Boxed<std::string>(std::string("b")));
  EXPECT_NE(Boxed<std::string>(std::string("a")), Boxed<std::string>());
}

}  // namespace
}  // namespace awsr::boxed_test
