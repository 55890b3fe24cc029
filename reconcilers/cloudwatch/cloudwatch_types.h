// The CloudWatch resource types, one file each, and the function that registers them.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::cloudwatch {

void AddAlarm(engine::Registry& registry, const kit::Context& context);

inline void RegisterCloudWatch(engine::Registry& registry, const kit::Context& context) {
  AddAlarm(registry, context);
}

}  // namespace awsr::reconcilers::cloudwatch
