// Where EC2 types keep their tags (engine/ownership.h): on the resource itself, through
// CreateTags and DeleteTags; or, for the sub-resources that cannot be tagged (routes, route
// table associations, gateway attachments), as a claim on their parent (ec2_claims.h).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "reconcilers/ec2/ec2_claims.h"

namespace awsr::reconcilers::ec2 {

// The ID CreateTags takes for a resource: its physical ID, except where Ref is something else
// (a key pair's Ref is its name, its tags hang on its key-pair-… ID).
using TaggedId = std::function<std::string(const engine::ObservedResource&)>;

// Tags on the resource.
std::shared_ptr<engine::Ownership> ResourceTags(aws::AwsClient& client, TaggedId id = {});
// Tags on the parent that claims the resource: an adoption writes the claim, a release removes
// it.
std::shared_ptr<engine::Ownership> ParentClaim(aws::AwsClient& client);

// CreateTags for `changes.set`, then DeleteTags for `changes.remove`; no call when empty.
engine::Task<void> ApplyTagChanges(aws::AwsClient& client, std::string region,
                                   std::string resource_id, engine::TagChanges changes);

// Writes the claim of `desired` on its parent: before the sub-resource exists.
engine::Task<void> WriteClaim(aws::AwsClient& client, engine::DesiredResource desired,
                              ClaimSite site);
// Removes a claim once its sub-resource is gone; a parent already gone is fine.
engine::Task<void> DropClaim(aws::AwsClient& client, engine::ObservedResource observed);

}  // namespace awsr::reconcilers::ec2
