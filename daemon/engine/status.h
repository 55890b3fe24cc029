// What the daemon knows and says about each resource: state, conditions, diff, last error,
// retry schedule, and the events of its history.
#pragma once

#include <array>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/base/boxed.h"
#include "daemon/base/compact_optional_time.h"
#include "daemon/base/string_set.h"
#include "daemon/base/symbol.h"
#include "daemon/engine/diff.h"

namespace awsr::engine {

using WallClock = std::chrono::system_clock;
// A status's times that may be unset (compact_optional_time.h: eight bytes, not sixteen).
using OptionalTime = CompactOptionalTime<WallClock::time_point>;

enum class ResourceState {
  kPending,           // waiting for a reference, or not acted on yet
  kCreating,          // create sent, or AWS still bringing it up
  kReady,             // exists and equals the file
  kUpdating,          // update in progress
  kDrifted,           // differs from the file (plan mode: the update that would run)
  kDeleting,
  kDeleted,
  kError,             // the last pass failed; see last_error and next_attempt_at
  kConflict,          // a look-alike without our tags exists: not touched
  kNeedsReplacement,  // a create-only property changed: reported, not done
  kHeld,              // deletion held by the guard until approved
  kObserveOnly,       // ManagementPolicy ObserveOnly: reported, never written
  kReleased,          // Retain: left in AWS, our tags removed
};

std::string_view ToString(ResourceState state);
std::optional<ResourceState> ParseResourceState(std::string_view text);

// Crossplane-style: Ready says whether the resource is usable in AWS, Synced whether the last
// pass succeeded (and if not, whether it will be retried).
// The words of a status that come from a small vocabulary are Symbols (daemon/base/symbol.h):
// 10,000 statuses hold a pointer each, not a string each.
struct Condition {
  Symbol reason;  // one word: Available, Creating, ReconcileSuccess, ReconcileError, ...
  // Mostly empty, else the status's own message again: one copy of its text for both.
  Symbol message;
  WallClock::time_point last_transition{};
  bool status = false;

  bool operator==(const Condition&) const = default;
};

// A status's two conditions, each in its own place (its type says which): neither a type nor a
// count is kept beside them, and a status has room for these two alone.
class Conditions {
 public:
  static constexpr std::array<std::string_view, 2> kTypes = {"Ready", "Synced"};
  // Null when unset, or when `type` is neither.
  const Condition* Find(std::string_view type) const;
  // Sets one of the two, keeping its transition time when its status does not change; another
  // type is not kept.
  void Set(std::string_view type, bool status, Symbol reason, Symbol message,
           WallClock::time_point now);
  // The set ones, Ready before Synced, with their types.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (std::size_t i = 0; i < kTypes.size(); ++i) {
      if (IsSet(i)) visit(kTypes[i], conditions_[i]);
    }
  }
  std::size_t size() const { return std::size_t{IsSet(0)} + std::size_t{IsSet(1)}; }

  bool operator==(const Conditions&) const = default;

 private:
  // A place never set has this transition time, which setting one never gives (a flag beside
  // each would take the eight bytes that put a status in the next allocation size).
  static constexpr WallClock::time_point kUnset = WallClock::time_point::min();
  bool IsSet(std::size_t i) const { return conditions_[i].last_transition != kUnset; }

  std::array<Condition, 2> conditions_{Condition{{}, {}, kUnset, false},
                                       Condition{{}, {}, kUnset, false}};
};

struct LastError {
  std::string kind;  // ErrorKind as text
  std::string code;  // AWS error code
  std::string message;
  std::string request_id;
  bool terminal = false;  // not retried until something changes
  WallClock::time_point at{};

  bool operator==(const LastError&) const = default;
};

// What a status holds only while something is off or under way: kept apart, and only then.
struct Unsettled {
  std::vector<Change> diff;  // the last field-level differences seen
  std::optional<LastError> last_error;
  OptionalTime next_attempt_at;
  // Set just before a create is sent, cleared once AWS shows the resource: a create that AWS
  // does not show yet is waited for, not sent again (eventual consistency, crashes).
  OptionalTime create_pending_since;

  bool operator==(const Unsettled&) const = default;
};

struct ResourceStatus {
  std::string logical_id;
  Symbol type;
  Symbol region;
  Symbol account;   // the 12-digit account it lives in ("" until first planned)
  Symbol role_arn;  // its file's RoleArn; empty: the daemon's own credentials
  Symbol file;
  ResourceState state = ResourceState::kPending;
  int attempts = 0;  // consecutive failed passes
  // A Symbol: most statuses say one of a few words ("in sync", "created"); an error's own
  // text is let go when the status says something else.
  Symbol message;
  std::string physical_id;
  Conditions conditions;  // Ready, Synced
  // When every per-resource read it needs (detail_reads.h) was last done, the oldest of them;
  // nullopt for types without such reads, or while one was never read. Not saved
  // (StatusStore::SetDetailsReadAt).
  OptionalTime details_read_at;
  StringSet dependencies;  // as last declared, to delete in reverse order
  Symbol deletion_policy;  // as last declared
  WallClock::time_point updated_at{};

  // A diff, an error, a retry or a pending create; in sync, a status has none of them.
  const std::vector<Change>& diff() const;
  const LastError* last_error() const;  // null: none
  OptionalTime next_attempt_at() const;
  OptionalTime create_pending_since() const;
  void set_diff(std::vector<Change> diff);
  void set_last_error(std::optional<LastError> error);
  void set_next_attempt_at(OptionalTime at);
  void set_create_pending_since(OptionalTime since);

  // Sets a condition, keeping its transition time when its status does not change.
  // A third type is not kept: every status has the two above.
  void SetCondition(Symbol type, bool status, Symbol reason, Symbol message,
                    WallClock::time_point now);
  const Condition* FindCondition(std::string_view type) const;

  bool operator==(const ResourceStatus&) const = default;

 private:
  // Boxed, and let go once empty: inline, these were 64 bytes of each of 10,000 statuses,
  // which put a status in a 320-byte block instead of 256.
  Boxed<Unsettled> unsettled_;
  Unsettled& Unsettle();  // the box, made when first needed
  void SettleIfEmpty();
};

struct Event {
  std::uint64_t sequence = 0;
  WallClock::time_point time{};
  std::string logical_id;
  std::string type;
  std::string action;  // created, updated, drift-corrected, deleted, released, conflict, ...
  std::string message;
  // The lease epoch under which the daemon recorded it (docs/high-availability.md); 0: no lease,
  // or a standby's.
  std::int64_t lease_epoch = 0;
};

std::string FormatTime(WallClock::time_point time);
std::optional<WallClock::time_point> ParseTime(std::string_view text);

// A status as lists and GET /v1/resources/{id} show it (the latter adds the resource's observed
// and desired properties, which a status does not hold).
nlohmann::json ToJson(const ResourceStatus& status);
// ToJson's text, as DumpJson writes it (keys sorted), appended to `out` without a DOM in
// between: a list of 10,000 statuses is rendered whole when asked for, from the statuses.
void AppendStatusText(std::string& out, const ResourceStatus& status);
// A status as status.json keeps it: the same without details_read_at (not kept across a
// restart: StatusStore::SetDetailsReadAt).
void AppendSavedText(std::string& out, const ResourceStatus& status);
ResourceStatus StatusFromJson(const nlohmann::json& json);
nlohmann::json ToJson(const Event& event);
Event EventFromJson(const nlohmann::json& json);
nlohmann::json ToJson(const Change& change);

}  // namespace awsr::engine
