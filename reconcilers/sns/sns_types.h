// The SNS resource types, one file each, and the function that registers them.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::sns {

void AddTopic(engine::Registry& registry, const kit::Context& context);
void AddSubscription(engine::Registry& registry, const kit::Context& context);

inline void RegisterSns(engine::Registry& registry, const kit::Context& context) {
  AddTopic(registry, context);
  AddSubscription(registry, context);
}

}  // namespace awsr::reconcilers::sns
