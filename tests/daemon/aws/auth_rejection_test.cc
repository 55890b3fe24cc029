#include "daemon/aws/auth_rejection.h"

#include <gtest/gtest.h>

namespace awsr::aws {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

const system_clock::time_point kNoon = system_clock::from_time_t(1'700'000'000);  // 22:13:20

TEST(ParseHttpDateTest, ReadsImfFixdateOnly) {
  EXPECT_EQ(ParseHttpDate("Tue, 14 Nov 2023 22:13:20 GMT"), kNoon);
  EXPECT_FALSE(ParseHttpDate("Tue, 14 Nov 2023 22:13:20 GMT trailing").has_value());
  EXPECT_FALSE(ParseHttpDate("2023-11-14T22:13:20Z").has_value());
  EXPECT_FALSE(ParseHttpDate("").has_value());
  EXPECT_FALSE(ParseHttpDate("Tue, 14 Nov 9999 22:13:20 GMT").has_value()) << "beyond the clock";
}

TEST(ClockCorrectionTest, OnlyAnOffsetBeyondTheToleranceCorrects) {
  const struct {
    const char* reason;
    const char* date;
    milliseconds current;
    std::optional<milliseconds> expected;
  } rows[] = {
      {"AWS an hour ahead", "Tue, 14 Nov 2023 23:13:20 GMT", milliseconds(0), seconds(3600)},
      {"AWS half an hour behind", "Tue, 14 Nov 2023 21:43:20 GMT", milliseconds(0), seconds(-1800)},
      {"within a minute: about something else", "Tue, 14 Nov 2023 22:13:50 GMT", milliseconds(0),
       std::nullopt},
      {"already corrected", "Tue, 14 Nov 2023 23:13:20 GMT", seconds(3590), std::nullopt},
      {"no Date", "", milliseconds(0), std::nullopt},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(ClockCorrection(row.date, kNoon, row.current), row.expected) << row.reason;
  }
}

TEST(AuthRejectionTest, CodesThatSayNothingAboutTheRequest) {
  for (const char* code : {"RequestExpired", "RequestTimeTooSkewed", "SignatureDoesNotMatch",
                           "InvalidSignatureException"}) {
    EXPECT_TRUE(IsClockSkewCode(code)) << code;
  }
  EXPECT_FALSE(IsClockSkewCode("AccessDenied"));
  EXPECT_TRUE(IsExpiredCredentialsCode("ExpiredToken"));
  EXPECT_TRUE(IsExpiredCredentialsCode("ExpiredTokenException"));
  EXPECT_FALSE(IsExpiredCredentialsCode("Throttling"));
}

}  // namespace
}  // namespace awsr::aws
