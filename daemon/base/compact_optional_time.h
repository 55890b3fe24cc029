// std::optional<time_point>'s interface in the eight bytes of the time point alone: the earliest
// time point stands for "none", a time no status or schedule can mean (setting it is setting
// none). A status holds three such times; at 10,000 statuses optional's eight bytes more each
// moved every status into jemalloc's next size class.
#pragma once

#include <optional>

namespace awsr {

template <typename TimePoint>
class CompactOptionalTime {
 public:
  CompactOptionalTime() = default;
  CompactOptionalTime(std::nullopt_t) {}                     // NOLINT: as optional's
  CompactOptionalTime(TimePoint time) : time_(time) {}       // NOLINT: as optional's
  CompactOptionalTime(const std::optional<TimePoint>& time)  // NOLINT: as optional's
      : time_(time.value_or(kNone)) {}
  operator std::optional<TimePoint>() const {  // NOLINT(google-explicit-constructor)
    return has_value() ? std::optional<TimePoint>(time_) : std::nullopt;
  }

  bool has_value() const { return time_ != kNone; }
  explicit operator bool() const { return has_value(); }
  // As optional's: only when has_value().
  const TimePoint& operator*() const { return time_; }
  void reset() { time_ = kNone; }

  friend bool operator==(const CompactOptionalTime&, const CompactOptionalTime&) = default;
  friend bool operator==(const CompactOptionalTime& a, const std::optional<TimePoint>& b) {
    return a == CompactOptionalTime(b);
  }
  friend bool operator==(const CompactOptionalTime& a, std::nullopt_t) { return !a.has_value(); }
  friend bool operator==(const CompactOptionalTime& a, const TimePoint& b) {
    return a.has_value() && a.time_ == b;
  }

 private:
  static constexpr TimePoint kNone = TimePoint::min();
  TimePoint time_ = kNone;
};

}  // namespace awsr
