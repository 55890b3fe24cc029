#include "reconcilers/s3/bucket_policy_claim.h"

#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::s3 {
std::string PolicyClaimValue(const engine::TagMap& ownership_tags) {
  const std::string owner = engine::TagValue(ownership_tags, engine::kOwnerTag);
  if (owner.empty()) return {};
  return owner + "/" + engine::TagValue(ownership_tags, engine::kLogicalIdTag) + "/" +
         engine::TagValue(ownership_tags, engine::kDeletionPolicyTag);
}

engine::TagMap PolicyClaimTags(const engine::TagMap& bucket_tags) {
  const std::string claim = engine::TagValue(bucket_tags, kBucketPolicyClaimKey);
  const auto policy_at = claim.rfind('/');
  if (policy_at == std::string::npos || policy_at == 0) return {};
  const auto logical_at = claim.rfind('/', policy_at - 1);
  if (logical_at == std::string::npos || logical_at == 0) return {};
  return {{std::string(engine::kOwnerTag), claim.substr(0, logical_at)},
          {std::string(engine::kLogicalIdTag),
           claim.substr(logical_at + 1, policy_at - logical_at - 1)},
          {std::string(engine::kDeletionPolicyTag), claim.substr(policy_at + 1)}};
}

}  // namespace awsr::reconcilers::s3
