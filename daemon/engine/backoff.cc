#include "daemon/engine/backoff.h"

#include <algorithm>

namespace awsr::engine {

std::chrono::milliseconds BackoffDelay(int attempts, double random01,
                                       const BackoffSettings& settings) {
  const int exponent = std::clamp(attempts - 1, 0, 30);
  const double ceiling = std::min(static_cast<double>(settings.cap.count()),
                                  static_cast<double>(settings.base.count()) * (1LL << exponent));
  const double delay = ceiling / 2 + ceiling / 2 * std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(delay));
}

}  // namespace awsr::engine
