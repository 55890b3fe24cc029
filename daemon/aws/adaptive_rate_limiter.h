// The client-side rate limiter of the AWS "adaptive" retry mode: a token bucket whose fill rate
// follows CUBIC, cut on throttling and grown back on success. Pure: the caller passes the time
// (seconds on a monotonic clock) and sleeps for the returned delay itself.
#pragma once

#include <optional>

namespace awsr::aws {

class AdaptiveRateLimiter {
 public:
  // Takes one token; returns how long to wait before sending (0 while never throttled).
  double Acquire(double now);
  // Records a response: throttled or not. Drives the fill rate.
  void OnResponse(bool throttled, double now);

  bool enabled() const { return enabled_; }
  double fill_rate() const { return fill_rate_; }
  double measured_rate() const { return measured_rate_; }

 private:
  void Refill(double now);
  void UpdateMeasuredRate(double now);
  void SetFillRate(double rate, double now);
  double TimeWindow() const;

  static constexpr double kBeta = 0.7;    // multiplicative decrease on throttling
  static constexpr double kScale = 0.4;   // CUBIC scale constant
  static constexpr double kSmooth = 0.8;  // weight of the latest measured send rate
  static constexpr double kMinFillRate = 0.5;
  static constexpr double kMinCapacity = 1.0;

  bool enabled_ = false;
  double fill_rate_ = 0;
  double max_capacity_ = 0;
  double capacity_ = 0;
  std::optional<double> last_refill_;
  double measured_rate_ = 0;
  double last_rate_bucket_ = 0;
  int requests_in_bucket_ = 0;
  double last_max_rate_ = 0;
  double last_throttle_time_ = 0;
};

}  // namespace awsr::aws
