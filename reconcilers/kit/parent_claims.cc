#include "reconcilers/kit/parent_claims.h"

#include "daemon/base/json_fields.h"
#include "daemon/engine/identity.h"

namespace awsr::reconcilers::kit {
namespace {

using engine::TagValue;

constexpr std::string_view kParentClaimPrefix = "awsreconciled:";
// Starts the value of a claim whose child was released.
constexpr std::string_view kReleasedClaimPrefix = "released:";

std::string ClaimKindPrefix(std::string_view kind) {
  return std::string(kParentClaimPrefix) + std::string(kind) + ":";
}

}  // namespace

std::string ClaimKey(std::string_view kind, std::string_view child) {
  return ClaimKindPrefix(kind) + std::string(child);
}

std::string ClaimValue(const TagMap& ownership_tags) {
  return TagValue(ownership_tags, engine::kLogicalIdTag) + "/" +
         TagValue(ownership_tags, engine::kDeletionPolicyTag);
}

TagMap ClaimedTags(const TagMap& parent_tags, const std::string& claim_key) {
  std::string owner = TagValue(parent_tags, engine::kOwnerTag);
  std::string claim = TagValue(parent_tags, claim_key);
  // A released child (or any child of a released parent) shows the released owner.
  if (claim.starts_with(kReleasedClaimPrefix)) {
    claim.erase(0, kReleasedClaimPrefix.size());
    if (!owner.empty() && !engine::IsReleasedOwner(owner)) owner = engine::ReleasedOwner(owner);
  }
  // Logical IDs are alphanumeric, so the last '/' separates the deletion policy.
  const auto slash = claim.rfind('/');
  if (owner.empty() || slash == std::string::npos || slash == 0) return {};
  return {{std::string(engine::kOwnerTag), owner},
          {std::string(engine::kLogicalIdTag), claim.substr(0, slash)},
          {std::string(engine::kDeletionPolicyTag), claim.substr(slash + 1)}};
}

void RememberClaimSite(engine::ObservedResource& observed, const ClaimSite& site) {
  observed.internal["claim_parent"] = site.parent_id;
  observed.internal["claim_key"] = site.key;
}

ClaimSite ClaimSiteOf(const engine::ObservedResource& observed) {
  return {StringField(observed.internal, "claim_parent"),
          StringField(observed.internal, "claim_key")};
}

std::vector<engine::ObservedResource> ReportChildren(
    const TagMap& parent_tags, std::string_view kind, std::vector<engine::ObservedResource> present,
    const std::function<engine::ObservedResource(const std::string& child)>& orphan,
    const std::set<std::string>& identity_keys) {
  const std::string prefix = ClaimKindPrefix(kind);
  std::set<std::string> unmatched_claims;
  for (const auto& [key, value] : parent_tags) {
    if (key.str().starts_with(prefix)) unmatched_claims.insert(key);
  }
  std::vector<engine::ObservedResource> reported;
  for (auto& child : present) {
    const std::string key = ClaimSiteOf(child).key;
    unmatched_claims.erase(key);
    child.tags = ClaimedTags(parent_tags, key);
    if (!child.tags.empty() || identity_keys.contains(child.identity_key)) {
      reported.push_back(std::move(child));
    }
  }
  for (const auto& key : unmatched_claims) {
    engine::ObservedResource claim_only = orphan(key.substr(prefix.size()));
    if (identity_keys.contains(claim_only.identity_key)) continue;
    claim_only.tags = ClaimedTags(parent_tags, key);
    // A released claim without its child is nothing to take back or remove.
    if (claim_only.tags.empty() || engine::IsReleasedOwner(claim_only.Tag(engine::kOwnerTag)))
      continue;
    reported.push_back(std::move(claim_only));
  }
  return reported;
}

bool HoldsClaim(const TagMap& parent_tags, const std::string& claim_key,
                const engine::DesiredResource& desired) {
  const TagMap claimed = ClaimedTags(parent_tags, claim_key);
  const std::string owner = TagValue(desired.ownership_tags, engine::kOwnerTag);
  return TagValue(claimed, engine::kLogicalIdTag) == desired.logical_id &&
         TagValue(claimed, engine::kOwnerTag) == owner;
}

Result<bool> CheckClaimable(const TagMap& parent_tags, const engine::DesiredResource& desired,
                            const std::string& claim_key, bool child_present) {
  const std::string owner = TagValue(desired.ownership_tags, engine::kOwnerTag);
  if (owner.empty() || TagValue(parent_tags, engine::kOwnerTag) != owner) {
    return MakeError(ErrorKind::kInvalidSpec,
                     desired.type + " is managed only under a parent this daemon owns");
  }
  if (!child_present) return false;
  if (HoldsClaim(parent_tags, claim_key, desired)) return true;
  return MakeError(ErrorKind::kConflict,
                   "it exists without our claim; set AdoptPolicy: Adopt to take it over");
}

TagChanges ClaimRetag(const engine::ObservedResource& observed, const TagMap& add,
                      const std::vector<std::string>& remove) {
  TagMap ownership = observed.tags;
  for (const auto& [key, value] : add) ownership[key] = value;
  for (const auto& key : remove) ownership.erase(key);
  TagChanges changes;
  const std::string key = ClaimSiteOf(observed).key;
  if (TagValue(ownership, engine::kLogicalIdTag).empty()) {
    changes.remove.push_back(key);
  } else {
    const bool released = engine::IsReleasedOwner(TagValue(ownership, engine::kOwnerTag));
    changes.set[key] = (released ? std::string(kReleasedClaimPrefix) : "") + ClaimValue(ownership);
  }
  return changes;
}

}  // namespace awsr::reconcilers::kit
