// A compact optional time behaves as std::optional<time_point> does, in half the bytes.
#include "daemon/base/compact_optional_time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

namespace awsr::compact_optional_time_test {
namespace {

using Clock = std::chrono::system_clock;
using Time = CompactOptionalTime<Clock::time_point>;

TEST(CompactOptionalTimeTest, IsUnsetUntilATimeIsSetAndAfterReset) {
  Time time;
  EXPECT_FALSE(time);
  EXPECT_EQ(time, std::nullopt);
  const Clock::time_point now = Clock::now();
  time = now;
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(*time, now);
  EXPECT_EQ(time, now);
  time.reset();
  EXPECT_FALSE(time.has_value());
  time = now;
  time = std::nullopt;
  EXPECT_FALSE(time);
}

TEST(CompactOptionalTimeTest, ConvertsToAndFromStdOptionalBothWays) {
  const Clock::time_point epoch{};  // a set time, though all zero
  const std::optional<Clock::time_point> set = epoch;
  const std::optional<Clock::time_point> unset;
  const Time from_set = set;
  EXPECT_TRUE(from_set) << "the epoch is a time like any other";
  EXPECT_EQ(from_set, set);
  EXPECT_EQ(std::optional<Clock::time_point>(from_set), set);
  const Time from_unset = unset;
  EXPECT_EQ(from_unset, unset);
  EXPECT_EQ(std::optional<Clock::time_point>(from_unset), std::nullopt);
  EXPECT_NE(from_set, from_unset);
}

TEST(CompactOptionalTimeTest, TakesTheBytesOfTheTimeAlone) {
  EXPECT_EQ(sizeof(Time), sizeof(Clock::time_point));
  EXPECT_LT(sizeof(Time), sizeof(std::optional<Clock::time_point>));
}

}  // namespace
}  // namespace awsr::compact_optional_time_test
