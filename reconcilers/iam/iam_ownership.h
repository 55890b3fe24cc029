// Where IAM types keep their tags (engine/ownership.h): users, roles, managed policies and
// instance profiles carry them (Tag<Kind>/Untag<Kind>); groups and user-to-group memberships
// cannot, and the ownership ledger holds theirs (ownership_ledger.h).
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "reconcilers/iam/ownership_ledger.h"

namespace awsr::reconcilers::iam {

// Tags through Tag<kind> and Untag<kind> ("User": TagUser, UntagUser), naming the resource's
// physical ID as `member` ("UserName", "PolicyArn"). `after` runs once the tags changed.
std::shared_ptr<engine::Ownership> IamTags(
    aws::AwsClient& client, std::string kind, std::string member,
    std::function<void(const engine::ObservedResource&)> after = {});

// Tags in the ledger under `kind`, keyed by the physical ID. `details` says what else the
// entry records of the resource (a group's id, so a look-alike re-created under the same name
// is not taken for ours).
std::shared_ptr<engine::Ownership> LedgerTags(
    std::shared_ptr<OwnershipLedger> ledger, std::string kind,
    std::function<nlohmann::json(const engine::ObservedResource&)> details);

}  // namespace awsr::reconcilers::iam
