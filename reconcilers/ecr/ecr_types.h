// The ECR types.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::ecr {

void AddRepository(engine::Registry& registry, const kit::Context& context);

inline void RegisterEcr(engine::Registry& registry, const kit::Context& context) {
  AddRepository(registry, context);
}

}  // namespace awsr::reconcilers::ecr
