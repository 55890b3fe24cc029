#include "daemon/aws/adaptive_rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace awsr::aws {

double AdaptiveRateLimiter::Acquire(double now) {
  if (!enabled_) return 0;
  Refill(now);
  capacity_ -= 1.0;  // may go negative: later callers queue behind this one
  return capacity_ >= 0 ? 0 : -capacity_ / fill_rate_;
}

void AdaptiveRateLimiter::OnResponse(bool throttled, double now) {
  UpdateMeasuredRate(now);
  double rate;
  if (throttled) {
    double rate_to_use = enabled_ ? std::min(measured_rate_, fill_rate_) : measured_rate_;
    last_max_rate_ = rate_to_use;
    last_throttle_time_ = now;
    rate = rate_to_use * kBeta;
    enabled_ = true;
  } else {
    if (!enabled_) return;
    double elapsed = now - last_throttle_time_ - TimeWindow();
    rate = kScale * elapsed * elapsed * elapsed + last_max_rate_;
  }
  SetFillRate(std::min(rate, 2 * measured_rate_), now);
}

double AdaptiveRateLimiter::TimeWindow() const {
  return std::cbrt(last_max_rate_ * (1 - kBeta) / kScale);
}

void AdaptiveRateLimiter::Refill(double now) {
  if (last_refill_) {
    capacity_ = std::min(max_capacity_, capacity_ + (now - *last_refill_) * fill_rate_);
  }
  last_refill_ = now;
}

void AdaptiveRateLimiter::UpdateMeasuredRate(double now) {
  double bucket = std::floor(now * 2) / 2;  // half-second buckets
  if (last_rate_bucket_ == 0) last_rate_bucket_ = bucket;
  ++requests_in_bucket_;
  if (bucket > last_rate_bucket_) {
    double current = requests_in_bucket_ / (bucket - last_rate_bucket_);
    measured_rate_ = current * kSmooth + measured_rate_ * (1 - kSmooth);
    requests_in_bucket_ = 0;
    last_rate_bucket_ = bucket;
  }
}

void AdaptiveRateLimiter::SetFillRate(double rate, double now) {
  Refill(now);
  fill_rate_ = std::max(rate, kMinFillRate);
  max_capacity_ = std::max(rate, kMinCapacity);
  capacity_ = std::min(capacity_, max_capacity_);
}

}  // namespace awsr::aws
