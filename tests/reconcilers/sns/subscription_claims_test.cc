#include "reconcilers/sns/subscription_claims.h"

#include <gtest/gtest.h>

#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::sns {
namespace {

TEST(SubscriptionClaimKeyTest, IsShortStableAndSafeForAnyEndpoint) {
  const std::string key = SubscriptionClaimKey("email", "ops@example.com");
  EXPECT_EQ(key, SubscriptionClaimKey("email", "ops@example.com")) << "stable";
  EXPECT_NE(key, SubscriptionClaimKey("email-json", "ops@example.com")) << "protocol counts";
  EXPECT_NE(key, SubscriptionClaimKey("email", "dev@example.com")) << "endpoint counts";
  EXPECT_LE(key.size(), 128u);
  const std::string odd =
      SubscriptionClaimKey("https", "https://h/x?a=1&b=" + std::string(300, 'z'));
  EXPECT_EQ(odd.size(), key.size()) << "a long endpoint makes no longer key";
  EXPECT_EQ(odd.find_first_of("?&"), std::string::npos);
}

struct ClaimCase {
  const char* reason;
  engine::TagMap tags;
  std::string value;
};

class SubscriptionClaimValueTest : public ::testing::TestWithParam<ClaimCase> {};

TEST_P(SubscriptionClaimValueTest, RoundTrips) {
  EXPECT_EQ(SubscriptionClaimValue(GetParam().tags), GetParam().value) << GetParam().reason;
  if (!GetParam().value.empty()) {
    EXPECT_EQ(SubscriptionClaimTags(GetParam().value), GetParam().tags) << GetParam().reason;
  }
}

const std::string kOwner(engine::kOwnerTag);
const std::string kLogical(engine::kLogicalIdTag);
const std::string kPolicy(engine::kDeletionPolicyTag);

INSTANTIATE_TEST_SUITE_P(
    Table, SubscriptionClaimValueTest,
    ::testing::Values(
        ClaimCase{"owner, logical ID and policy",
                  {{kOwner, "awsreconciled"}, {kLogical, "Mail"}, {kPolicy, "Delete"}},
                  "awsreconciled/Mail/Delete"},
        ClaimCase{"a released owner keeps its prefix",
                  {{kOwner, "released:awsreconciled"}, {kLogical, "Mail"}, {kPolicy, "Retain"}},
                  "released:awsreconciled/Mail/Retain"},
        ClaimCase{"an owner with a slash is read from the right",
                  {{kOwner, "team/a"}, {kLogical, "Mail"}, {kPolicy, "Delete"}},
                  "team/a/Mail/Delete"},
        ClaimCase{"no owner: no claim", {{kLogical, "Mail"}}, ""}));

TEST(SubscriptionClaimTagsTest, AValueThatIsNoClaimGivesNoTags) {
  EXPECT_TRUE(SubscriptionClaimTags("").empty());
  EXPECT_TRUE(SubscriptionClaimTags("just-text").empty());
  EXPECT_TRUE(SubscriptionClaimTags("owner//Delete").empty()) << "no logical ID";
}

}  // namespace
}  // namespace awsr::reconcilers::sns
