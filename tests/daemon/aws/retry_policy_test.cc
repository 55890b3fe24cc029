#include "daemon/aws/retry_policy.h"

#include <gtest/gtest.h>

#include "daemon/aws/adaptive_rate_limiter.h"

namespace awsr::aws {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, BackoffIsFullJitterCappedAtTwentySeconds) {
  RetrySettings settings;
  EXPECT_EQ(BackoffDelay(settings, 0, 0.0), milliseconds(0));
  EXPECT_EQ(BackoffDelay(settings, 0, 0.5), milliseconds(500));
  EXPECT_EQ(BackoffDelay(settings, 3, 1.0), milliseconds(8000));
  EXPECT_EQ(BackoffDelay(settings, 5, 1.0), milliseconds(20000));
  EXPECT_EQ(BackoffDelay(settings, 60, 1.0), milliseconds(20000));
  for (int retry = 0; retry < 10; ++retry) {
    for (double r : {0.0, 0.3, 0.999}) {
      EXPECT_LE(BackoffDelay(settings, retry, r), milliseconds(20000));
      EXPECT_GE(BackoffDelay(settings, retry, r), milliseconds(0));
    }
  }
}

TEST(RetryPolicyTest, RetriesThrottlingAndTransientOnly) {
  Error error;
  for (ErrorKind kind : {ErrorKind::kThrottled, ErrorKind::kTransient}) {
    error.kind = kind;
    EXPECT_TRUE(IsRetryableError(error));
  }
  for (ErrorKind kind : {ErrorKind::kNotFound, ErrorKind::kConflict, ErrorKind::kInvalidSpec,
                         ErrorKind::kAccessDenied, ErrorKind::kInternal}) {
    error.kind = kind;
    EXPECT_FALSE(IsRetryableError(error));
  }
}

TEST(RetryPolicyTest, QuotaCostsFiveOrTenAndRefillsOnSuccess) {
  RetrySettings settings;
  RetryQuota quota(settings);
  Error throttled = MakeError(ErrorKind::kThrottled, "x");
  throttled.http_status = 400;
  Error network = MakeError(ErrorKind::kTransient, "reset");
  EXPECT_EQ(quota.TryAcquire(throttled), 5);
  EXPECT_EQ(quota.TryAcquire(network), 10);
  EXPECT_EQ(quota.available(), 485);
  quota.Release(15);
  EXPECT_EQ(quota.available(), 500);
  quota.Release(0);  // a first-try success cannot overfill
  EXPECT_EQ(quota.available(), 500);
  int retries = 0;
  while (quota.TryAcquire(network) > 0) ++retries;
  EXPECT_EQ(retries, 50);
  EXPECT_EQ(quota.TryAcquire(throttled), 0);
  quota.Release(0);
  EXPECT_EQ(quota.available(), 1);
}

TEST(AdaptiveRateLimiterTest, DisabledUntilThrottledThenCutsAndRecovers) {
  AdaptiveRateLimiter limiter;
  double now = 1000.0;
  for (int i = 0; i < 40; ++i, now += 0.05) {  // 20 requests/s, all fine
    EXPECT_EQ(limiter.Acquire(now), 0.0);
    limiter.OnResponse(false, now);
  }
  EXPECT_FALSE(limiter.enabled());
  limiter.OnResponse(true, now);
  EXPECT_TRUE(limiter.enabled());
  double throttled_rate = limiter.fill_rate();
  EXPECT_GT(throttled_rate, 0.5);
  EXPECT_LT(throttled_rate, limiter.measured_rate());  // cut by beta = 0.7
  // Sending faster than the fill rate makes callers wait.
  double waited = 0;
  for (int i = 0; i < 20; ++i) waited += limiter.Acquire(now);
  EXPECT_GT(waited, 0.0);
  // Successes over time grow the rate back (CUBIC), bounded by twice the measured rate.
  for (int i = 0; i < 200; ++i, now += 0.05) limiter.OnResponse(false, now);
  EXPECT_GT(limiter.fill_rate(), throttled_rate);
  EXPECT_LE(limiter.fill_rate(), 2 * limiter.measured_rate() + 1e-9);
}

}  // namespace
}  // namespace awsr::aws
