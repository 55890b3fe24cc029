// The RDS resource types, one file each, and the function that registers them all.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::rds {

void AddDbSubnetGroup(engine::Registry& registry, const kit::Context& context);
void AddDbInstance(engine::Registry& registry, const kit::Context& context);

inline void RegisterRds(engine::Registry& registry, const kit::Context& context) {
  for (auto add : {AddDbSubnetGroup, AddDbInstance}) add(registry, context);
}

}  // namespace awsr::reconcilers::rds
