// Counters of AWS calls for /metrics, keyed by service, operation and error code.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

namespace awsr::aws {

struct CallKey {
  std::string service;
  std::string operation;
  std::string code;  // "" for the call/retry counts; the AWS or transport code for errors
  auto operator<=>(const CallKey&) const = default;
};

struct CallCounters {
  uint64_t calls = 0;        // logical calls, however many attempts each took
  uint64_t errors = 0;       // calls that finally failed
  uint64_t retries = 0;      // attempts beyond the first
  uint64_t throttles = 0;    // throttling responses received
  double paced_seconds = 0;  // waited for AWS's published request buckets before sending
};

class CallStats {
 public:
  void RecordCall(std::string_view service, std::string_view operation);
  void RecordRetry(std::string_view service, std::string_view operation);
  void RecordThrottle(std::string_view service, std::string_view operation, std::string_view code);
  void RecordError(std::string_view service, std::string_view operation, std::string_view code);
  void RecordPacing(std::string_view service, std::string_view operation, double seconds);

  // Visits every key in order; the daemon renders Prometheus lines from it.
  template <typename Visitor>
  void ForEach(Visitor&& visit) const {
    for (const auto& [key, counters] : counters_) visit(key, counters);
  }
  // Sum over every key of one service ("" for all).
  CallCounters Total(std::string_view service = "") const;

 private:
  CallCounters& At(std::string_view service, std::string_view operation, std::string_view code);
  std::map<CallKey, CallCounters> counters_;
};

}  // namespace awsr::aws
