// The IAM resource types, one file each, and the function that registers them all. They are
// registered together because they share one bulk read of IAM (iam_snapshot.h) and one
// ownership ledger for what IAM cannot tag (ownership_ledger.h).
#pragma once

#include <memory>
#include <string>

#include "daemon/engine/registry.h"
#include "reconcilers/iam/iam_snapshot.h"
#include "reconcilers/iam/ownership_ledger.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::iam {

struct IamContext {
  aws::AwsClient& client;
  std::shared_ptr<IamSnapshot> snapshot;
  std::shared_ptr<OwnershipLedger> ledger;  // state_dir/iam-ownership.json
  std::string state_dir;                    // access keys' secrets; empty: none can be made
};

void AddUser(engine::Registry& registry, const IamContext& context);
void AddRole(engine::Registry& registry, const IamContext& context);
void AddManagedPolicy(engine::Registry& registry, const IamContext& context);
void AddGroup(engine::Registry& registry, const IamContext& context);
void AddUserToGroupAddition(engine::Registry& registry, const IamContext& context);
void AddInstanceProfile(engine::Registry& registry, const IamContext& context);
void AddAccessKey(engine::Registry& registry, const IamContext& context);

inline void RegisterIam(engine::Registry& registry, const kit::Context& context) {
  const IamContext iam{
      context.client, std::make_shared<IamSnapshot>(context.client),
      std::make_shared<OwnershipLedger>(
          context.state_dir.empty() ? std::string() : context.state_dir + "/iam-ownership.json"),
      context.state_dir};
  for (auto add : {AddUser, AddRole, AddManagedPolicy, AddGroup, AddUserToGroupAddition,
                   AddInstanceProfile, AddAccessKey}) {
    add(registry, iam);
  }
}

}  // namespace awsr::reconcilers::iam
