// The Lambda resource types, one file each, and the function that registers them: the three
// share one function list a cycle (function_shared_reads.h).
#pragma once

#include <memory>

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"
#include "reconcilers/lambda/function_shared_reads.h"

namespace awsr::reconcilers::lambda {

void AddFunction(engine::Registry& registry, const kit::Context& context,
                 std::shared_ptr<LambdaSharedReads> shared);
void AddUrl(engine::Registry& registry, const kit::Context& context,
            std::shared_ptr<LambdaSharedReads> shared);
void AddPermission(engine::Registry& registry, const kit::Context& context,
                   std::shared_ptr<LambdaSharedReads> shared);

inline void RegisterLambda(engine::Registry& registry, const kit::Context& context) {
  auto shared = std::make_shared<LambdaSharedReads>(context.client);
  AddFunction(registry, context, shared);
  AddUrl(registry, context, shared);
  AddPermission(registry, context, shared);
}

}  // namespace awsr::reconcilers::lambda
