// The Redshift resource types, one file each, and the function that registers them all.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::redshift {

void AddClusterSubnetGroup(engine::Registry& registry, const kit::Context& context);
void AddCluster(engine::Registry& registry, const kit::Context& context);

inline void RegisterRedshift(engine::Registry& registry, const kit::Context& context) {
  for (auto add : {AddClusterSubnetGroup, AddCluster}) add(registry, context);
}

}  // namespace awsr::reconcilers::redshift
