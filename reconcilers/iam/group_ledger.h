// The ownership ledger's records of IAM groups, which take no tags (ownership_ledger.h).
//
// A record is written before CreateGroup, marked pending with the time, and pinned to the id
// AWS gives the group once known. So a crash (or a lost answer) after AWS made the group still
// leaves the daemon's record, and the group is recognised as ours by its creation time, not
// left a Conflict forever; and a pinned group deleted and re-created by someone else under the
// same name (a new id) is not taken for ours.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/engine/tags.h"
#include "reconcilers/iam/ownership_ledger.h"

namespace awsr::reconcilers::iam {

using WallClock = std::chrono::system_clock;

// How far AWS's clock (CreateDate) may run behind ours for a pending record to match.
inline constexpr std::chrono::seconds kCreateClockSlack{60};

// AWS's ISO 8601 time ("2024-05-01T12:00:00Z", fractions allowed), to the second. Pure.
std::optional<WallClock::time_point> ParseAwsTime(std::string_view text);

// Whether `entry` is the record of the group AWS shows with `group_id` made at `create_date`:
// pinned to that id, or pending since no later than the group's creation. Pure.
bool NamesGroup(const LedgerEntry& entry, std::string_view group_id, std::string_view create_date);
bool IsPending(const LedgerEntry& entry);

class GroupLedger {
 public:
  explicit GroupLedger(std::shared_ptr<OwnershipLedger> ledger) : ledger_(std::move(ledger)) {}

  // The ownership tags of a group AWS lists; a pending record it matches is pinned now.
  engine::TagMap TagsOf(const std::string& name, const std::string& group_id,
                        const std::string& create_date);

  // Records the intent to create `name` before CreateGroup is sent; returns the pending record
  // an earlier attempt left, if any (its time is kept: that attempt may have made the group).
  Result<std::optional<LedgerEntry>> BeginCreate(const std::string& name, engine::TagMap tags,
                                                 WallClock::time_point now);
  Result<void> Pin(const std::string& name, engine::TagMap tags, const std::string& group_id);
  // CreateGroup answered "exists": ours only if an earlier attempt's record matches it.
  static bool EarlierAttemptMade(const std::optional<LedgerEntry>& earlier,
                                 std::string_view group_id, std::string_view create_date);
  // Nothing of ours under this name (a definite failure, or someone else's group).
  Result<void> Forget(const std::string& name);
  // Moves with every change to the ledger (OwnershipLedger::Generation).
  std::uint64_t Generation() const { return ledger_->Generation(); }

 private:
  std::shared_ptr<OwnershipLedger> ledger_;
};

}  // namespace awsr::reconcilers::iam
