// Ownership of a bucket policy, which S3 cannot tag: the bucket carries a claim for it, one tag
//   awsreconciled:bucket-policy = <owner>/<logical-id>/<deletion-policy>
// ("released:<owner>/..." once released: engine/identity.h). The policy type shows the engine
// the claim as ordinary ownership tags, so the engine matches, adopts, releases and deletes a
// policy exactly as a tagged resource. The claim goes on before the policy and comes off after
// it, so a crash leaves at most a claim without a policy, never an unclaimed policy of ours.
// (S3 tag values cannot hold '|' or ',': '/' separates, read from the right.) Pure.
#pragma once

#include <string>
#include <string_view>

#include "daemon/engine/tags.h"

namespace awsr::reconcilers::s3 {

inline constexpr std::string_view kBucketPolicyClaimKey = "awsreconciled:bucket-policy";

// The claim's value for a set of ownership tags; empty when they hold no owner.
std::string PolicyClaimValue(const engine::TagMap& ownership_tags);
// The ownership tags a claim stands for; empty when the bucket's tags hold no claim.
engine::TagMap PolicyClaimTags(const engine::TagMap& bucket_tags);

}  // namespace awsr::reconcilers::s3
