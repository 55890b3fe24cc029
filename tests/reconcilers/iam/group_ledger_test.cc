// Which IAM group a ledger record names: pinned by id, or pending since before the group was
// made (a crash or a lost answer right after CreateGroup).
#include "reconcilers/iam/group_ledger.h"

#include <gtest/gtest.h>

#include "daemon/base/json_fields.h"
#include "daemon/engine/status.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

LedgerEntry Pending(const std::string& since) {
  return LedgerEntry{{{"awsreconciled:owner", "me"}}, {{"pending_since", since}}};
}

TEST(GroupLedgerTest, APinnedRecordNamesOnlyThatGroup) {
  const LedgerEntry pinned{{{"awsreconciled:owner", "me"}}, {{"group_id", "AGPA1"}}};
  EXPECT_TRUE(NamesGroup(pinned, "AGPA1", "2026-01-01T00:00:00Z"));
  EXPECT_FALSE(NamesGroup(pinned, "AGPA2", "2026-01-01T00:00:00Z"))
      << "deleted and made again by someone else";
  EXPECT_FALSE(IsPending(pinned));
}

TEST(GroupLedgerTest, APendingRecordNamesAGroupMadeNoEarlierThanIt) {
  const LedgerEntry pending = Pending("2026-01-01T12:00:00.500Z");
  EXPECT_TRUE(IsPending(pending));
  EXPECT_TRUE(NamesGroup(pending, "AGPA1", "2026-01-01T12:00:01Z"));
  EXPECT_TRUE(NamesGroup(pending, "AGPA1", "2026-01-01T11:59:30.000Z")) << "clock slack";
  EXPECT_FALSE(NamesGroup(pending, "AGPA1", "2026-01-01T11:50:00Z")) << "made before it";
  EXPECT_FALSE(NamesGroup(pending, "AGPA1", "")) << "no creation time, no claim";
}

TEST(GroupLedgerTest, ParsesAwsTimesWithAndWithoutFractions) {
  ASSERT_TRUE(ParseAwsTime("2026-01-01T12:00:00Z"));
  EXPECT_EQ(*ParseAwsTime("2026-01-01T12:00:00Z"), *ParseAwsTime("2026-01-01T12:00:00.999Z"));
  EXPECT_FALSE(ParseAwsTime("yesterday"));
}

TEST(GroupLedgerTest, ACreateKeepsTheEarliestPendingTimeAndThenPins) {
  auto ledger = std::make_shared<OwnershipLedger>("");
  GroupLedger groups(ledger);
  const auto start = engine::ParseTime("2026-01-01T12:00:00.000Z").value();
  auto first = groups.BeginCreate("admins", {{"awsreconciled:owner", "me"}}, start);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->has_value()) << "no earlier attempt";
  auto second = groups.BeginCreate("admins", {{"awsreconciled:owner", "me"}},
                                   start + std::chrono::minutes(3));
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_TRUE(GroupLedger::EarlierAttemptMade(*second, "AGPA1", "2026-01-01T12:01:00Z"))
      << "the first attempt may have made it";
  EXPECT_FALSE(GroupLedger::EarlierAttemptMade(std::nullopt, "AGPA1", "2026-01-01T12:01:00Z"));

  EXPECT_EQ(groups.TagsOf("admins", "AGPA1", "2026-01-01T12:00:02Z").at("awsreconciled:owner"),
            "me");
  EXPECT_EQ(StringField(ledger->Find("Group", "admins")->details, "group_id"), "AGPA1")
      << "pinned at first sight";
  EXPECT_TRUE(groups.TagsOf("admins", "AGPA9", "2026-01-01T12:00:02Z").empty());
  ASSERT_TRUE(groups.Forget("admins").has_value());
  EXPECT_FALSE(ledger->Find("Group", "admins"));
}

}  // namespace
}  // namespace awsr::reconcilers::iam
