// The pure rules by which tagless EC2 sub-resources are owned through claims on their parent.
#include "reconcilers/ec2/ec2_claims.h"

#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

const std::string kOwner(engine::kOwnerTag);
const std::string kLogicalId(engine::kLogicalIdTag);
const std::string kPolicy(engine::kDeletionPolicyTag);

TagMap OwnedTable(TagMap claims) {
  claims[kOwner] = kTestOwner;
  claims[kLogicalId] = "PublicRouteTable";
  return claims;
}

TEST(ClaimTest, KeyAndValueRoundTripIntoOwnershipTags) {
  EXPECT_EQ(ClaimKey("route", "0.0.0.0/0"), "awsreconciled:route:0.0.0.0/0");
  const auto desired = MakeDesired("PublicDefaultRoute", "AWS::EC2::Route", json::object());
  EXPECT_EQ(ClaimValue(desired.ownership_tags), "PublicDefaultRoute/Delete");
  const TagMap parent = OwnedTable({{ClaimKey("route", "0.0.0.0/0"), "PublicDefaultRoute/Delete"}});
  EXPECT_EQ(ClaimedTags(parent, ClaimKey("route", "0.0.0.0/0")), desired.ownership_tags);
}

struct ClaimedTagsCase {
  const char* reason;
  TagMap parent;
  bool ours;
};

class ClaimedTagsTest : public ::testing::TestWithParam<ClaimedTagsCase> {};

TEST_P(ClaimedTagsTest, OnlyAClaimOnAnOwnedParentMakesItOurs) {
  EXPECT_EQ(!ClaimedTags(GetParam().parent, "awsreconciled:route:0.0.0.0/0").empty(),
            GetParam().ours)
      << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ClaimedTagsTest,
    ::testing::Values(
        ClaimedTagsCase{"claimed in our table",
                        OwnedTable({{"awsreconciled:route:0.0.0.0/0", "R/Delete"}}), true},
        ClaimedTagsCase{"our table, no claim: someone else's route", OwnedTable({}), false},
        ClaimedTagsCase{"another destination's claim",
                        OwnedTable({{"awsreconciled:route:10.0.0.0/8", "R/Delete"}}), false},
        ClaimedTagsCase{"a claim on a table nobody owns",
                        {{"awsreconciled:route:0.0.0.0/0", "R/Delete"}},
                        false},
        ClaimedTagsCase{"a malformed claim",
                        OwnedTable({{"awsreconciled:route:0.0.0.0/0", "garbage"}}), false}));

engine::ObservedResource Child(const std::string& child) {
  engine::ObservedResource observed;
  observed.physical_id = "rtb-1|" + child;
  observed.identity_key = observed.physical_id;
  RememberClaimSite(observed, {"rtb-1", ClaimKey("route", child)});
  return observed;
}

struct ReportCase {
  const char* reason;
  TagMap claims;                                // on our table
  std::vector<std::string> present;             // routes AWS lists
  std::set<std::string> identity_keys;          // what the files ask for
  std::map<std::string, std::string> reported;  // physical id -> logical id ("" = look-alike)
};

class ReportChildrenTest : public ::testing::TestWithParam<ReportCase> {};

TEST_P(ReportChildrenTest, ReportsOursLookAlikesAndOrphanClaims) {
  std::vector<engine::ObservedResource> present;
  for (const auto& child : GetParam().present) present.push_back(Child(child));
  const auto reported = ReportChildren(OwnedTable(GetParam().claims), "route", present, Child,
                                       GetParam().identity_keys);
  std::map<std::string, std::string> seen;
  for (const auto& resource : reported) seen[resource.physical_id] = resource.Tag(kLogicalId);
  EXPECT_EQ(seen, GetParam().reported) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ReportChildrenTest,
    ::testing::Values(
        ReportCase{"a claimed route is ours",
                   {{"awsreconciled:route:0.0.0.0/0", "Default/Delete"}},
                   {"0.0.0.0/0"},
                   {"rtb-1|0.0.0.0/0"},
                   {{"rtb-1|0.0.0.0/0", "Default"}}},
        ReportCase{
            "an unclaimed route nobody declares is not reported", {}, {"10.9.0.0/16"}, {}, {}},
        ReportCase{"an unclaimed route a file declares is a look-alike",
                   {},
                   {"0.0.0.0/0"},
                   {"rtb-1|0.0.0.0/0"},
                   {{"rtb-1|0.0.0.0/0", ""}}},
        ReportCase{"a claim whose route was deleted outside is left to Create",
                   {{"awsreconciled:route:0.0.0.0/0", "Default/Delete"}},
                   {},
                   {"rtb-1|0.0.0.0/0"},
                   {}},
        ReportCase{"a claim whose route no file declares is reported so it gets cleared",
                   {{"awsreconciled:route:0.0.0.0/0", "Default/Delete"}},
                   {},
                   {},
                   {{"rtb-1|0.0.0.0/0", "Default"}}},
        ReportCase{"other kinds of claims are not routes",
                   {{"awsreconciled:association:subnet-1", "A/Delete"}},
                   {},
                   {},
                   {}}));

struct CheckCase {
  const char* reason;
  TagMap parent;
  bool child_present;
  std::optional<bool> exists;  // nullopt: an error
  ErrorKind kind = ErrorKind::kInternal;
};

class CheckClaimableTest : public ::testing::TestWithParam<CheckCase> {};

TEST_P(CheckClaimableTest, DecidesBeforeAnythingIsWritten) {
  const auto desired = MakeDesired("Default", "AWS::EC2::Route", json::object());
  const auto result = CheckClaimable(GetParam().parent, desired, "awsreconciled:route:0.0.0.0/0",
                                     GetParam().child_present);
  if (GetParam().exists) {
    ASSERT_TRUE(result.has_value()) << GetParam().reason;
    EXPECT_EQ(*result, *GetParam().exists) << GetParam().reason;
  } else {
    ASSERT_FALSE(result.has_value()) << GetParam().reason;
    EXPECT_EQ(result.error().kind, GetParam().kind) << GetParam().reason;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, CheckClaimableTest,
    ::testing::Values(CheckCase{"a new route in our table", OwnedTable({}), false, false},
                      CheckCase{"our route exists already (a repeated create)",
                                OwnedTable({{"awsreconciled:route:0.0.0.0/0", "Default/Delete"}}),
                                true, true},
                      CheckCase{"someone else's route: not claimed, not touched", OwnedTable({}),
                                true, std::nullopt, ErrorKind::kConflict},
                      CheckCase{"a table we do not own is never tagged",
                                {{kOwner, "someone-else"}},
                                false,
                                std::nullopt,
                                ErrorKind::kInvalidSpec}));

TEST(ClaimRetagTest, AdoptionWritesTheClaimAndReleaseRemovesIt) {
  engine::ObservedResource lookalike = Child("0.0.0.0/0");
  const auto desired = MakeDesired("Default", "AWS::EC2::Route", json::object());
  const TagChanges adopt = ClaimRetag(lookalike, desired.ownership_tags, {});
  EXPECT_EQ(adopt.set, (TagMap{{"awsreconciled:route:0.0.0.0/0", "Default/Delete"}}));
  EXPECT_TRUE(adopt.remove.empty());

  engine::ObservedResource ours = Child("0.0.0.0/0");
  ours.tags = desired.ownership_tags;
  const TagChanges release = ClaimRetag(ours, {}, {kOwner, kLogicalId, kPolicy});
  EXPECT_TRUE(release.set.empty());
  EXPECT_EQ(release.remove, std::vector<std::string>{"awsreconciled:route:0.0.0.0/0"});
}

// A released child keeps its claim, marked: it shows the released owner, so the engine leaves
// it alone and takes it back (the claim unmarked) when its file returns.
TEST(ClaimRetagTest, AReleaseMarksTheClaimAndTakingItBackClearsTheMark) {
  const auto desired = MakeDesired("Default", "AWS::EC2::Route", json::object());
  engine::ObservedResource ours = Child("0.0.0.0/0");
  ours.tags = desired.ownership_tags;
  const std::string released_owner = "released:" + std::string(kTestOwner);
  const TagChanges release = ClaimRetag(ours, {{kOwner, released_owner}}, {});
  EXPECT_EQ(release.set, (TagMap{{"awsreconciled:route:0.0.0.0/0", "released:Default/Delete"}}));

  const TagMap parent = OwnedTable(release.set);
  const TagMap shown = ClaimedTags(parent, "awsreconciled:route:0.0.0.0/0");
  EXPECT_EQ(shown.at(kOwner), released_owner);
  EXPECT_EQ(shown.at(kLogicalId), "Default");
  EXPECT_FALSE(HoldsClaim(parent, "awsreconciled:route:0.0.0.0/0", desired));

  engine::ObservedResource released = Child("0.0.0.0/0");
  released.tags = shown;
  const TagChanges back = ClaimRetag(released, desired.ownership_tags, {});
  EXPECT_EQ(back.set, (TagMap{{"awsreconciled:route:0.0.0.0/0", "Default/Delete"}}));
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
