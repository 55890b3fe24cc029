// The Secrets Manager resource types, one file each, and the function that registers them.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::secretsmanager {

void AddSecret(engine::Registry& registry, const kit::Context& context);

inline void RegisterSecretsManager(engine::Registry& registry, const kit::Context& context) {
  AddSecret(registry, context);
}

}  // namespace awsr::reconcilers::secretsmanager
