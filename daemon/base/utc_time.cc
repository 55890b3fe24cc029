#include "daemon/base/utc_time.h"

#include <time.h>

namespace awsr {

std::optional<std::chrono::system_clock::time_point> TimeFromUtc(const std::tm& tm) {
  const bool in_range = tm.tm_year >= 70 && tm.tm_year <= 300 && tm.tm_mon >= 0 &&
                        tm.tm_mon <= 11 && tm.tm_mday >= 1 && tm.tm_mday <= 31 && tm.tm_hour >= 0 &&
                        tm.tm_hour <= 23 && tm.tm_min >= 0 && tm.tm_min <= 59 && tm.tm_sec >= 0 &&
                        tm.tm_sec <= 60;
  if (!in_range) return std::nullopt;
  std::tm copy = tm;
  return std::chrono::system_clock::from_time_t(timegm(&copy));
}

}  // namespace awsr
