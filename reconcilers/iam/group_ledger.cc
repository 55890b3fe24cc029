#include "reconcilers/iam/group_ledger.h"

#include <cstdio>
#include <ctime>

#include "daemon/base/json_fields.h"
#include "daemon/engine/status.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

constexpr char kKind[] = "Group";

}  // namespace

std::optional<WallClock::time_point> ParseAwsTime(std::string_view text) {
  std::tm utc{};
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &utc.tm_year, &utc.tm_mon, &utc.tm_mday,
                  &utc.tm_hour, &utc.tm_min, &utc.tm_sec) != 6) {
    return std::nullopt;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return WallClock::from_time_t(timegm(&utc));
}

bool IsPending(const LedgerEntry& entry) {
  return StringField(entry.details, "group_id").empty() &&
         !StringField(entry.details, "pending_since").empty();
}

bool NamesGroup(const LedgerEntry& entry, std::string_view group_id, std::string_view create_date) {
  const std::string pinned = StringField(entry.details, "group_id");
  if (!pinned.empty()) return pinned == group_id;
  const auto since = engine::ParseTime(StringField(entry.details, "pending_since"));
  const auto created = ParseAwsTime(create_date);
  return since && created && *created >= *since - kCreateClockSlack;
}

engine::TagMap GroupLedger::TagsOf(const std::string& name, const std::string& group_id,
                                   const std::string& create_date) {
  const auto entry = ledger_->Find(kKind, name);
  if (!entry || !NamesGroup(*entry, group_id, create_date)) return {};
  // A failed pin is tried again at the next read; the creation time still matches meanwhile.
  if (IsPending(*entry)) (void)Pin(name, entry->tags, group_id);
  return entry->tags;
}

Result<std::optional<LedgerEntry>> GroupLedger::BeginCreate(const std::string& name,
                                                            engine::TagMap tags,
                                                            WallClock::time_point now) {
  std::optional<LedgerEntry> earlier = ledger_->Find(kKind, name);
  if (earlier && !IsPending(*earlier)) earlier.reset();
  const std::string since =
      earlier ? StringField(earlier->details, "pending_since") : engine::FormatTime(now);
  const LedgerEntry pending{std::move(tags), {{"pending_since", since}}};
  auto recorded = ledger_->Put(kKind, name, pending);
  if (!recorded) return recorded.error();
  return earlier;
}

Result<void> GroupLedger::Pin(const std::string& name, engine::TagMap tags,
                              const std::string& group_id) {
  return ledger_->Put(kKind, name, LedgerEntry{std::move(tags), {{"group_id", group_id}}});
}

bool GroupLedger::EarlierAttemptMade(const std::optional<LedgerEntry>& earlier,
                                     std::string_view group_id, std::string_view create_date) {
  return earlier && NamesGroup(*earlier, group_id, create_date);
}

Result<void> GroupLedger::Forget(const std::string& name) { return ledger_->Remove(kKind, name); }

}  // namespace awsr::reconcilers::iam
