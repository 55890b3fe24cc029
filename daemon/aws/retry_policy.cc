#include "daemon/aws/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace awsr::aws {

std::chrono::milliseconds BackoffDelay(const RetrySettings& settings, int retry_index,
                                       double random01) {
  double ceiling = static_cast<double>(settings.base_delay.count()) *
                   std::pow(2.0, std::min(retry_index, 30));
  ceiling = std::min(ceiling, static_cast<double>(settings.max_backoff.count()));
  double delay = std::clamp(random01, 0.0, 1.0) * ceiling;
  return std::chrono::milliseconds(static_cast<int64_t>(delay));
}

bool IsRetryableError(const Error& error) { return error.Retryable(); }

bool IsNetworkError(const Error& error) {
  return error.kind == ErrorKind::kTransient && error.http_status == 0;
}

int RetryQuota::TryAcquire(const Error& error) {
  int cost = IsNetworkError(error) ? settings_.timeout_retry_cost : settings_.retry_cost;
  if (available_ < cost) return 0;
  available_ -= cost;
  return cost;
}

void RetryQuota::Release(int acquired) {
  int refill = acquired > 0 ? acquired : settings_.success_increment;
  available_ = std::min(settings_.quota_capacity, available_ + refill);
}

}  // namespace awsr::aws
