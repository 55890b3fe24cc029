// The Elastic Load Balancing v2 resource types, one file each, and the function that registers
// them.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::elbv2 {

void AddTargetGroup(engine::Registry& registry, const kit::Context& context);
void AddLoadBalancer(engine::Registry& registry, const kit::Context& context);
void AddListener(engine::Registry& registry, const kit::Context& context);
void AddListenerRule(engine::Registry& registry, const kit::Context& context);

inline void RegisterElbv2(engine::Registry& registry, const kit::Context& context) {
  AddTargetGroup(registry, context);
  AddLoadBalancer(registry, context);
  AddListener(registry, context);
  AddListenerRule(registry, context);
}

}  // namespace awsr::reconcilers::elbv2
