// Every resource type the daemon supports, for the composition root to add to its registry.
// A service adds its types in its own Register function (reconcilers/<service>/*_types.h);
// a new service is added here.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers {

void RegisterAll(engine::Registry& registry, const kit::Context& context);

}  // namespace awsr::reconcilers
