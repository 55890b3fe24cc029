// The reconcilers and ownerships as the daemon registers them, for tests that drive one type
// directly: Reconciler("AWS::EC2::VPC"), Ownership("AWS::EC2::VPC").
#pragma once

#include <string>
#include <string_view>

#include "daemon/engine/registry.h"
#include "reconcilers/register_all.h"

namespace awsr::testing {

class RegisteredTypes {
 public:
  // An empty state_dir keeps IAM's ledger in memory and refuses to create key pairs.
  explicit RegisteredTypes(aws::AwsClient& client, std::string state_dir = "") {
    reconcilers::RegisterAll(registry_, {client, std::move(state_dir), ""});
  }

  engine::Reconciler& Reconciler(std::string_view type) const { return *registry_.Find(type); }
  engine::Ownership& Ownership(std::string_view type) const { return registry_.OwnershipOf(type); }
  const engine::Registry& registry() const { return registry_; }

  // An update as the engine applies it: Tags through the type's ownership, the rest through
  // its reconciler.
  engine::Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                            engine::Diff diff) const {
    engine::Reconciler& reconciler = Reconciler(desired.type);
    engine::Ownership& ownership = Ownership(desired.type);
    reconciler.BeforeWrite();
    return engine::ApplyUpdate(reconciler, ownership, std::move(desired), std::move(observed),
                               std::move(diff));
  }

 private:
  engine::Registry registry_;
};

}  // namespace awsr::testing
