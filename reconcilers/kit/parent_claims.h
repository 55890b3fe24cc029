// Ownership of sub-resources that cannot carry tags, by a claim tag on their parent: an EC2
// gateway's attachment to a VPC, a route, a subnet's association with a route table; a Lambda
// function's URL and the statements of its resource policy. Pure.
//
// The engine knows a resource as ours by the tags in ObservedResource::tags (owner, logical
// ID, deletion policy). A sub-resource has none, so its parent — a route table or an internet
// gateway that this daemon owns — carries a claim for it: one tag per sub-resource,
//   awsreconciled:<kind>:<child> = <logical-id>/<deletion-policy>
// e.g. "awsreconciled:route:0.0.0.0/0" = "PublicDefaultRoute/Delete" on the route table
// ("released:PublicDefaultRoute/Delete" once released: engine/identity.h). A
// sub-resource is ours only when its parent is ours and claims it; ObserveAll then shows it
// with synthesized tags: the parent's owner plus the claim's logical ID and deletion policy,
// so the engine matches it to the file and plans its removal exactly as for a tagged resource.
//
// Why a claim and not a rule over the parent's tags alone: a route's logical ID is chosen by
// the file, and nothing in AWS derives it; and a route someone else added to our table must
// never look ours (the engine would delete it once no file declares it). The claim is written
// before the sub-resource is created and removed after it is deleted, so a crash leaves at most
// a claim without a sub-resource, never an unclaimed sub-resource of ours. Such an orphan claim
// is reported as ours when no file wants that child, and the engine's removal clears it.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/error.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::kit {

using engine::TagChanges;
using engine::TagMap;

// The claim tag's key for one child of a parent: ClaimKey("route", "0.0.0.0/0").
std::string ClaimKey(std::string_view kind, std::string_view child);
// The claim's value for the ownership tags of a desired resource (or an adoption's tags).
std::string ClaimValue(const TagMap& ownership_tags);
// The ownership tags a claimed child shows the engine; empty when the parent is not owned or
// does not claim it.
TagMap ClaimedTags(const TagMap& parent_tags, const std::string& claim_key);

// Where a sub-resource's claim lives, remembered in ObservedResource::internal.
struct ClaimSite {
  std::string parent_id;  // "rtb-…", "igw-…", a function's ARN
  std::string key;        // ClaimKey(kind, child)
};
void RememberClaimSite(engine::ObservedResource& observed, const ClaimSite& site);
ClaimSite ClaimSiteOf(const engine::ObservedResource& observed);

// What ObserveAll reports of the children of one owned parent. `present` are the children AWS
// lists, each with identity_key and claim site set and no tags; `orphan` builds the resource
// for a claim whose child AWS does not list. Returned: the claimed children (ours, with
// synthesized tags), unclaimed ones a file asks for by identity key (look-alikes, no tags), and
// orphan claims no file asks for (ours, so the engine deletes or releases them). An orphan
// claim whose child a file does want is left out: the engine then creates the child again.
std::vector<engine::ObservedResource> ReportChildren(
    const TagMap& parent_tags, std::string_view kind, std::vector<engine::ObservedResource> present,
    const std::function<engine::ObservedResource(const std::string& child)>& orphan,
    const std::set<std::string>& identity_keys);

// Whether the parent already claims the child for `desired` (a create after the child was
// deleted outside needs no new claim).
bool HoldsClaim(const TagMap& parent_tags, const std::string& claim_key,
                const engine::DesiredResource& desired);

// Before creating a child under a parent: whether it already exists as ours (true: return it),
// may be claimed and created (false), or must not be touched (an error: the parent is not ours,
// or the child exists without our claim).
Result<bool> CheckClaimable(const TagMap& parent_tags, const engine::DesiredResource& desired,
                            const std::string& claim_key, bool child_present);

// The parent's tag changes that carry RetagOwnership's `add` and `remove` for a claimed child:
// an adoption writes the claim, a release removes it.
TagChanges ClaimRetag(const engine::ObservedResource& observed, const TagMap& add,
                      const std::vector<std::string>& remove);

}  // namespace awsr::reconcilers::kit
