#include "reconcilers/sns/subscription_claims.h"

#include <cstdint>

#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::sns {
namespace {

constexpr std::string_view kSubscriptionClaimPrefix = "awsreconciled:subscription:";

}  // namespace

// FNV-1a: stable across builds and platforms, which std::hash is not promised to be.
std::string SubscriptionClaimKey(std::string_view protocol, std::string_view endpoint) {
  std::uint64_t hash = 14695981039346656037ull;
  const auto mix = [&hash](std::string_view text) {
    for (const char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;
    }
  };
  mix(protocol);
  mix(std::string_view("\n", 1));
  mix(endpoint);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key(kSubscriptionClaimPrefix);
  for (int shift = 60; shift >= 0; shift -= 4) key.push_back(kHex[(hash >> shift) & 0xF]);
  return key;
}

std::string SubscriptionClaimValue(const engine::TagMap& ownership_tags) {
  const std::string owner = engine::TagValue(ownership_tags, engine::kOwnerTag);
  if (owner.empty()) return {};
  return owner + "/" + engine::TagValue(ownership_tags, engine::kLogicalIdTag) + "/" +
         engine::TagValue(ownership_tags, engine::kDeletionPolicyTag);
}

// Read from the right: the owner is the one part the operator chooses.
engine::TagMap SubscriptionClaimTags(std::string_view claim_value) {
  const size_t policy_at = claim_value.rfind('/');
  if (policy_at == std::string_view::npos || policy_at == 0) return {};
  const size_t logical_at = claim_value.rfind('/', policy_at - 1);
  if (logical_at == std::string_view::npos || logical_at == 0) return {};
  const std::string_view logical_id =
      claim_value.substr(logical_at + 1, policy_at - logical_at - 1);
  if (logical_id.empty()) return {};
  engine::TagMap tags = {
      {std::string(engine::kOwnerTag), std::string(claim_value.substr(0, logical_at))},
      {std::string(engine::kLogicalIdTag), std::string(logical_id)}};
  const std::string_view policy = claim_value.substr(policy_at + 1);
  if (!policy.empty()) tags[std::string(engine::kDeletionPolicyTag)] = std::string(policy);
  return tags;
}

}  // namespace awsr::reconcilers::sns
