// The ECS resource types, one file each, and the function that registers them.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::ecs {

void AddCluster(engine::Registry& registry, const kit::Context& context);
void AddTaskDefinition(engine::Registry& registry, const kit::Context& context);
void AddService(engine::Registry& registry, const kit::Context& context);

inline void RegisterEcs(engine::Registry& registry, const kit::Context& context) {
  AddCluster(registry, context);
  AddTaskDefinition(registry, context);
  AddService(registry, context);
}

}  // namespace awsr::reconcilers::ecs
