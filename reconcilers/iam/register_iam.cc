#include "reconcilers/iam/register_iam.h"

#include <memory>

#include "reconcilers/iam/group_reconciler.h"
#include "reconcilers/iam/iam_snapshot.h"
#include "reconcilers/iam/instance_profile_reconciler.h"
#include "reconcilers/iam/managed_policy_reconciler.h"
#include "reconcilers/iam/ownership_ledger.h"
#include "reconcilers/iam/role_reconciler.h"
#include "reconcilers/iam/user_reconciler.h"
#include "reconcilers/iam/user_to_group_addition_reconciler.h"

namespace awsr::reconcilers::iam {

void RegisterIam(engine::Registry& registry, aws::AwsClient& client,
                 const std::string& state_dir) {
  auto snapshot = std::make_shared<IamSnapshot>(client);
  auto ledger = std::make_shared<OwnershipLedger>(
      state_dir.empty() ? std::string() : state_dir + "/iam-ownership.json");
  registry.Add(std::make_unique<UserReconciler>(client, snapshot));
  registry.Add(std::make_unique<RoleReconciler>(client, snapshot));
  registry.Add(std::make_unique<ManagedPolicyReconciler>(client, snapshot));
  registry.Add(std::make_unique<GroupReconciler>(client, snapshot, ledger));
  registry.Add(std::make_unique<UserToGroupAdditionReconciler>(client, snapshot, ledger));
  registry.Add(std::make_unique<InstanceProfileReconciler>(client));
}

}  // namespace awsr::reconcilers::iam
