// The CloudTrail resource types, one file each, and the function that registers them.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::cloudtrail {

void AddTrail(engine::Registry& registry, const kit::Context& context);

inline void RegisterCloudTrail(engine::Registry& registry, const kit::Context& context) {
  AddTrail(registry, context);
}

}  // namespace awsr::reconcilers::cloudtrail
