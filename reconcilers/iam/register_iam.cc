#include "reconcilers/iam/register_iam.h"

#include <memory>

#include "reconcilers/iam/iam_snapshot.h"
#include "reconcilers/iam/managed_policy_reconciler.h"
#include "reconcilers/iam/role_reconciler.h"
#include "reconcilers/iam/user_reconciler.h"

namespace awsr::reconcilers::iam {

void RegisterIam(engine::Registry& registry, aws::AwsClient& client,
                 const std::string& state_dir) {
  (void)state_dir;
  auto snapshot = std::make_shared<IamSnapshot>(client);
  registry.Add(std::make_unique<UserReconciler>(client, snapshot));
  registry.Add(std::make_unique<RoleReconciler>(client, snapshot));
  registry.Add(std::make_unique<ManagedPolicyReconciler>(client, snapshot));
}

}  // namespace awsr::reconcilers::iam
