// The Elastic Load Balancing v2 resource types, one file each, and the function that registers
// them: balancers, listeners and rules share one read of the balancers a cycle, listeners and
// rules one read of each of our balancers' listeners.
#pragma once

#include <memory>

#include "daemon/engine/registry.h"
#include "reconcilers/elbv2/elbv2_calls.h"
#include "reconcilers/elbv2/shared_listeners.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::elbv2 {

void AddTargetGroup(engine::Registry& registry, const kit::Context& context);
void AddLoadBalancer(engine::Registry& registry, const kit::Context& context,
                     std::shared_ptr<SharedLoadBalancers> shared);
void AddListener(engine::Registry& registry, const kit::Context& context,
                 std::shared_ptr<SharedLoadBalancers> balancers,
                 std::shared_ptr<SharedListeners> listeners);
void AddListenerRule(engine::Registry& registry, const kit::Context& context,
                     std::shared_ptr<SharedLoadBalancers> balancers,
                     std::shared_ptr<SharedListeners> listeners);

inline void RegisterElbv2(engine::Registry& registry, const kit::Context& context) {
  auto balancers = std::make_shared<SharedLoadBalancers>(context.client, &ReadLoadBalancers);
  AddTargetGroup(registry, context);
  AddLoadBalancer(registry, context, balancers);
  auto listeners = std::make_shared<SharedListeners>(context.client);
  AddListener(registry, context, balancers, listeners);
  AddListenerRule(registry, context, balancers, std::move(listeners));
}

}  // namespace awsr::reconcilers::elbv2
