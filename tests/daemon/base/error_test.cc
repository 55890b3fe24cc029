#include "daemon/base/error.h"

#include <gtest/gtest.h>

namespace awsr {
namespace {

TEST(ErrorTest, DescribeNamesKindCodeContextAndRequestId) {
  Error error = MakeError(ErrorKind::kThrottled, "Rate exceeded");
  error.aws_code = "Throttling";
  error.context = "iam:ListUsers";
  error.request_id = "abc-123";
  EXPECT_EQ(error.Describe(),
            "Throttled (Throttling): Rate exceeded [iam:ListUsers] request-id=abc-123");
  EXPECT_TRUE(error.Retryable());
}

TEST(ErrorTest, ResultValueThrowsTheError) {
  Result<int> result = MakeError(ErrorKind::kNotFound, "gone");
  EXPECT_FALSE(result.has_value());
  EXPECT_THROW(result.value(), ErrorException);
}

}  // namespace
}  // namespace awsr
