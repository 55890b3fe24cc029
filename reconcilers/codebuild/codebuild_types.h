// The CodeBuild resource types, one file each, and the function that registers them.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::codebuild {

void AddProject(engine::Registry& registry, const kit::Context& context);

inline void RegisterCodeBuild(engine::Registry& registry, const kit::Context& context) {
  AddProject(registry, context);
}

}  // namespace awsr::reconcilers::codebuild
