#include "reconcilers/s3/bucket_policy_claim.h"

#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::s3 {
namespace {

std::string PolicyClaimPart(const engine::TagMap& tags, std::string_view key) {
  const auto found = tags.find(std::string(key));
  return found == tags.end() ? std::string() : found->second;
}

}  // namespace

std::string PolicyClaimValue(const engine::TagMap& ownership_tags) {
  const std::string owner = PolicyClaimPart(ownership_tags, engine::kOwnerTag);
  if (owner.empty()) return {};
  return owner + "/" + PolicyClaimPart(ownership_tags, engine::kLogicalIdTag) + "/" +
         PolicyClaimPart(ownership_tags, engine::kDeletionPolicyTag);
}

engine::TagMap PolicyClaimTags(const engine::TagMap& bucket_tags) {
  const std::string claim = PolicyClaimPart(bucket_tags, kBucketPolicyClaimKey);
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
