// The Lambda resource types, one file each, and the function that registers them.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::lambda {

void AddFunction(engine::Registry& registry, const kit::Context& context);
void AddUrl(engine::Registry& registry, const kit::Context& context);
void AddPermission(engine::Registry& registry, const kit::Context& context);

inline void RegisterLambda(engine::Registry& registry, const kit::Context& context) {
  AddFunction(registry, context);
  AddUrl(registry, context);
  AddPermission(registry, context);
}

}  // namespace awsr::reconcilers::lambda
