// AWS's published request token buckets, kept on our side: a large convergence sends as fast as
// AWS allows and is never throttled, instead of finding the limit by being refused. Pure: the
// caller passes the time (seconds on a monotonic clock) and sleeps for the returned delay.
//
// Buckets are per account and region. EC2 keeps one per API, sized by its category; ELBv2 one
// per category. Services that publish no bucket are not paced here (the adaptive retry mode
// still reacts to their throttling).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace awsr::aws {

struct BucketLimits {
  double capacity = 0;           // tokens a full bucket holds: the burst
  double refill_per_second = 0;  // tokens added back each second, up to capacity
};

// Which published bucket a call draws from: its key (calls with the same key share it) and
// size, or nothing when the service publishes none.
struct PublishedBucket {
  std::string key;
  BucketLimits limits;
};
std::optional<PublishedBucket> PublishedBucketFor(std::string_view service,
                                                  std::string_view operation);

// One token bucket that lends ahead: a call takes its token now, and when none is left it is
// told how long until its token exists. Concurrent callers thus line up instead of racing.
class TokenBucket {
 public:
  explicit TokenBucket(BucketLimits limits, double now)
      : limits_(limits), tokens_(limits.capacity), updated_(now) {}
  // Takes one token; returns the seconds to wait before sending (0 when one was there).
  double Take(double now);

 private:
  BucketLimits limits_;
  double tokens_;  // negative: tokens already promised to waiting callers
  double updated_;
};

class RequestPacer {
 public:
  // The seconds this call waits so its region's bucket is never overdrawn (0: send now).
  double Reserve(std::string_view region, std::string_view service, std::string_view operation,
                 double now);

 private:
  std::map<std::pair<std::string, std::string>, TokenBucket> buckets_;  // by region and key
};

}  // namespace awsr::aws
