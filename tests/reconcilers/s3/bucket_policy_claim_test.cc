#include "reconcilers/s3/bucket_policy_claim.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::s3 {
namespace {

TEST(BucketPolicyClaimTest, TheClaimStandsForTheOwnershipTags) {
  const engine::TagMap ownership = {{"awsreconciled:owner", "released:team-a"},
                                    {"awsreconciled:logical-id", "TrailPolicy"},
                                    {"awsreconciled:deletion-policy", "Delete"}};
  const std::string claim = PolicyClaimValue(ownership);
  EXPECT_EQ(claim, "released:team-a/TrailPolicy/Delete");
  EXPECT_EQ(PolicyClaimTags({{std::string(kBucketPolicyClaimKey), claim}, {"team", "x"}}),
            ownership);
  EXPECT_TRUE(PolicyClaimValue({}).empty()) << "no owner, no claim";
  EXPECT_TRUE(PolicyClaimTags({{"team", "x"}}).empty()) << "no claim, nobody's";
  EXPECT_TRUE(PolicyClaimTags({{std::string(kBucketPolicyClaimKey), "garbled"}}).empty());
}

}  // namespace
}  // namespace awsr::reconcilers::s3
