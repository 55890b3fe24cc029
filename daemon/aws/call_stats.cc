#include "daemon/aws/call_stats.h"

namespace awsr::aws {

CallCounters& CallStats::At(std::string_view service, std::string_view operation,
                            std::string_view code) {
  return counters_[CallKey{std::string(service), std::string(operation), std::string(code)}];
}

void CallStats::RecordCall(std::string_view service, std::string_view operation) {
  ++At(service, operation, "").calls;
}

void CallStats::RecordRetry(std::string_view service, std::string_view operation) {
  ++At(service, operation, "").retries;
}

void CallStats::RecordThrottle(std::string_view service, std::string_view operation,
                               std::string_view code) {
  ++At(service, operation, code).throttles;
}

void CallStats::RecordError(std::string_view service, std::string_view operation,
                            std::string_view code) {
  ++At(service, operation, code).errors;
}

void CallStats::RecordPacing(std::string_view service, std::string_view operation, double seconds) {
  At(service, operation, "").paced_seconds += seconds;
}

CallCounters CallStats::Total(std::string_view service) const {
  CallCounters total;
  for (const auto& [key, counters] : counters_) {
    if (!service.empty() && key.service != service) continue;
    total.calls += counters.calls;
    total.errors += counters.errors;
    total.retries += counters.retries;
    total.throttles += counters.throttles;
    total.paced_seconds += counters.paced_seconds;
  }
  return total;
}

}  // namespace awsr::aws
