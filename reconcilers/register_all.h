// Every resource type the daemon supports, for the composition root to add to its registry.
// A new reconciler is added here and nowhere else.
#pragma once

#include "daemon/aws/aws_client.h"
#include "daemon/engine/registry.h"

namespace awsr::reconcilers {

// The reconcilers keep a reference to `client`, which must outlive the registry.
void RegisterAll(engine::Registry& registry, aws::AwsClient& client);

}  // namespace awsr::reconcilers
