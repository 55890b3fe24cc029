// etcd v3's HTTP/JSON gateway as the etcd lease store speaks it, without I/O: the request bodies
// it sends and what it reads from the answers. The gateway writes protobuf's JSON: keys and
// values in base64, 64-bit integers as strings, and fields at their default (false, 0) left out.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/base/error.h"
#include "daemon/lease/lease_store.h"

namespace awsr::lease::etcd {

// The owner's key as the store reads it: who holds it, since when (the revision that created
// it, which is the epoch), and on which etcd lease it lives.
struct LeaseKey {
  std::string holder;
  std::int64_t create_revision = 0;
  std::int64_t lease_id = 0;
};

// POST /v3/kv/range: the one key.
nlohmann::json RangeRequest(const std::string& key);
// POST /v3/lease/grant: a lease of the TTL in whole seconds, rounded up (never shorter).
nlohmann::json GrantRequest(std::chrono::milliseconds ttl);
// POST /v3/lease/keepalive, /v3/lease/timetolive and /v3/lease/revoke: the lease's ID.
nlohmann::json LeaseIdRequest(std::int64_t lease_id);
// POST /v3/kv/txn: if the key does not exist (its create revision is 0), create it on the lease
// with {"holder": holder} as its value; otherwise read it.
nlohmann::json TakeRequest(const std::string& key, const std::string& holder,
                           std::int64_t lease_id);

// A gateway answer: its JSON body when the status is 200 (and it is not a stream's
// {"error": ...}), else an error that says which call failed and etcd's message. etcd's NotFound (a
// lease that is gone) is ErrorKind::kNotFound; Unavailable and 5xx answers are kTransient.
Result<nlohmann::json> ParseAnswer(std::string_view path, int http_status, std::string_view body);

// A range answer (or a txn's response_range): the key, or nullopt when it does not exist.
Result<std::optional<LeaseKey>> ParseRange(const nlohmann::json& answer, const std::string& key);
// A grant answer: the new lease's ID.
Result<std::int64_t> ParseGrant(const nlohmann::json& answer);
// A keepalive or timetolive answer: the seconds the lease has left; 0 when it is gone.
Result<std::int64_t> ParseSecondsLeft(const nlohmann::json& answer);

struct TakeOutcome {
  bool succeeded = false;
  std::int64_t revision = 0;       // succeeded: the revision that created the key (the epoch)
  std::optional<LeaseKey> holder;  // failed: who holds the key instead
};
Result<TakeOutcome> ParseTake(const nlohmann::json& answer, const std::string& key);

// What one look at the key leads to, for `holder`, which holds `lease_id` (0: none).
enum class Step {
  kRenew,    // ours, on our etcd lease: keep it alive
  kReplace,  // ours by name, on a lease this process did not grant (a previous run's): end
             // that term and take the key anew, on a lease of our TTL
  kWatch,    // someone else's: report them; the key goes when their lease expires
  kTake,     // nobody's: create it on a fresh lease
};
Step NextStep(const std::optional<LeaseKey>& current, std::string_view holder,
              std::int64_t lease_id);

// The view a take ends in: held at the creating revision, or someone else's record. The term's
// end of a fresh lease is about `expires_at` in either case: both were just granted.
LeaseView ViewAfterTake(const TakeOutcome& outcome, const std::string& holder,
                        LeaseWallClock::time_point expires_at);

}  // namespace awsr::lease::etcd
