// The IAM ownership ledger's file: what it records survives a restart as it was written, an
// entry removed stays removed, and a file that is not a ledger is set aside, never read as one.
#include "reconcilers/iam/ownership_ledger.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/test_directory.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

LedgerEntry Owned(const std::string& logical_id, json details) {
  return LedgerEntry{{{"awsreconciled:owner", "me"}, {"awsreconciled:logical-id", logical_id}},
                     std::move(details)};
}

class OwnershipLedgerFileTest : public ::testing::Test {
 protected:
  std::string Path() const { return (scratch_.path() / "iam-ownership.json").string(); }
  testing::TestDirectory scratch_{"awsr-ownership-ledger"};
};

TEST_F(OwnershipLedgerFileTest, EntriesAreReadBackAfterARestartAsWritten) {
  {
    OwnershipLedger ledger(Path());
    ASSERT_TRUE(ledger.Put("group", "admins", Owned("Admins", {{"id", "AGPA1"}})));
    ASSERT_TRUE(ledger.Put("group", "ops \"night\"", Owned("Ops", {{"id", "AGPA2"}})));
    ASSERT_TRUE(ledger.Put("membership", "Join", Owned("Join", {{"users", {"ana", "bo"}}})));
    ASSERT_TRUE(ledger.Put("group", "gone", Owned("Gone", json::object())));
    ASSERT_TRUE(ledger.Remove("group", "gone"));
  }
  std::ifstream file(Path());
  const json text = json::parse(file);  // the file is JSON, {kind: {key: entry}}
  EXPECT_EQ(text["group"]["admins"]["details"], json({{"id", "AGPA1"}}));
  EXPECT_FALSE(text["group"].contains("gone"));

  const OwnershipLedger restarted(Path());
  const auto admins = restarted.Find("group", "admins");
  ASSERT_TRUE(admins.has_value());
  EXPECT_EQ(admins->tags.at("awsreconciled:logical-id"), "Admins");
  EXPECT_EQ(admins->details, json({{"id", "AGPA1"}}));
  EXPECT_EQ(restarted.Find("group", "ops \"night\"")->details, json({{"id", "AGPA2"}}));
  EXPECT_EQ(restarted.Find("membership", "Join")->details["users"], json({"ana", "bo"}));
  EXPECT_FALSE(restarted.Find("group", "gone").has_value());
  EXPECT_EQ(restarted.All("group").size(), 2u);
}

TEST_F(OwnershipLedgerFileTest, AFileThatIsNotALedgerIsSetAsideAndTheLedgerStartsEmpty) {
  std::ofstream(Path()) << "[\"not\", \"a ledger\"";
  const OwnershipLedger ledger(Path());
  EXPECT_TRUE(ledger.All("group").empty());
  EXPECT_TRUE(std::filesystem::exists(Path() + ".corrupt"));
}

}  // namespace
}  // namespace awsr::reconcilers::iam
