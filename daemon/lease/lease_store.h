// Where the lease lives: one record per owner in a store with conditional writes (DynamoDB, or
// a key on an etcd lease), never a consensus of our own. The store decides who holds the lease; the
// holder's own clock decides how long it may still write (lease_keeper.h).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/base/error.h"

namespace awsr::lease {

using LeaseWallClock = std::chrono::system_clock;

struct LeaseRecord {
  std::string holder;      // who holds (or last held) the lease; empty: never taken
  std::int64_t epoch = 0;  // one more at each change of holder; 0: never taken
  LeaseWallClock::time_point expires_at{};
};

// What one attempt found: whether the asking holder holds the lease now, and the record.
struct LeaseView {
  bool held = false;
  LeaseRecord record;
};

// Contract: each method is one or two calls to the store, each an atomic conditional write or a
// consistent read, so two holders never both get held=true for overlapping terms. An error
// means the store could not answer: the caller knows nothing new and its term runs out on its
// own clock. Nothing here sleeps or retries beyond the AWS client's own retries.
class LeaseStore {
 public:
  virtual ~LeaseStore() = default;
  // Holds the lease for `holder` until `expires_at`: renews it when `holder` holds it, takes it
  // over (epoch + 1) when nobody does or its term ended before `now`, else reports the holder.
  virtual boost::asio::awaitable<Result<LeaseView>> TryHold(
      std::string holder, LeaseWallClock::time_point now,
      LeaseWallClock::time_point expires_at) = 0;
  // Ends `holder`'s term at `epoch` now, so a standby takes over at its next look; nothing when
  // someone else holds the lease by then.
  virtual boost::asio::awaitable<Result<void>> Release(std::string holder, std::int64_t epoch) = 0;
  // Where the record is, for logs and GET /v1/status: {"table": ...} or {"endpoint", "key"}.
  virtual nlohmann::json Where() const = 0;
};

}  // namespace awsr::lease
