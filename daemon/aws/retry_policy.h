// The AWS "standard" retry mode as arithmetic: which errors are retried, the full-jitter
// exponential backoff, and the shared retry quota. Pure; the client supplies randomness.
#pragma once

#include <chrono>

#include "daemon/base/error.h"

namespace awsr::aws {

enum class RetryMode { kStandard, kAdaptive };

struct RetrySettings {
  RetryMode mode = RetryMode::kStandard;
  int max_attempts = 3;  // including the first
  std::chrono::milliseconds base_delay{1000};
  std::chrono::milliseconds max_backoff{20000};
  int quota_capacity = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;  // network failures and timeouts cost more
  int success_increment = 1;    // a first-try success tops the quota up by this
};

// Full jitter: random01 * min(max_backoff, base * 2^retry_index), retry_index from 0.
std::chrono::milliseconds BackoffDelay(const RetrySettings& settings, int retry_index,
                                       double random01);

// Whether the failure is worth another attempt at all (ignoring quota and attempts left).
bool IsRetryableError(const Error& error);
// Timeouts and connection failures carry no HTTP status and cost more quota.
bool IsNetworkError(const Error& error);

// The token bucket every call shares: retries spend from it, successes refill it, so a failing
// service is not hammered by every caller's retries at once.
class RetryQuota {
 public:
  explicit RetryQuota(const RetrySettings& settings)
      : settings_(settings), available_(settings.quota_capacity) {}

  // The cost taken for one retry of this error, or 0 when the quota is exhausted.
  int TryAcquire(const Error& error);
  // After a success: returns what the call's retries took, or the small increment if none.
  void Release(int acquired);
  int available() const { return available_; }

 private:
  RetrySettings settings_;
  int available_;
};

}  // namespace awsr::aws
