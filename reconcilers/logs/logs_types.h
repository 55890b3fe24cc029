// The CloudWatch Logs types.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::logs {

void AddLogGroup(engine::Registry& registry, const kit::Context& context);

inline void RegisterLogs(engine::Registry& registry, const kit::Context& context) {
  AddLogGroup(registry, context);
}

}  // namespace awsr::reconcilers::logs
