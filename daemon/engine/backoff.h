// Per-resource exponential backoff with full jitter: how long a failed resource waits before
// its next pass. Pure.
#pragma once

#include <chrono>

namespace awsr::engine {

struct BackoffSettings {
  std::chrono::milliseconds base = std::chrono::seconds(1);
  std::chrono::milliseconds cap = std::chrono::minutes(5);
};

// attempts: consecutive failures so far (1 after the first); random01 in [0, 1).
// The delay is uniform in [cap_n / 2, cap_n] with cap_n = min(cap, base * 2^(attempts-1)):
// half jitter keeps a floor so a failing resource cannot spin.
std::chrono::milliseconds BackoffDelay(int attempts, double random01,
                                       const BackoffSettings& settings = {});

}  // namespace awsr::engine
