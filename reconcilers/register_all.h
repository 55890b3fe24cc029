// Every resource type the daemon supports, for the composition root to add to its registry.
// A new reconciler is added here and nowhere else.
#pragma once

#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/registry.h"

namespace awsr::reconcilers {

// What some reconcilers need beyond the AWS client.
struct ReconcilerOptions {
  std::string state_dir;  // private files (created key pairs' private keys go in keys/)
};

// The reconcilers keep a reference to `client`, which must outlive the registry.
void RegisterAll(engine::Registry& registry, aws::AwsClient& client,
                 const ReconcilerOptions& options);

}  // namespace awsr::reconcilers
