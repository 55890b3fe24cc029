// The S3 types, registered together: they share where buckets live (bucket_directory.h).
#pragma once

#include <memory>

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"
#include "reconcilers/s3/bucket_directory.h"

namespace awsr::reconcilers::s3 {

void AddBucket(engine::Registry& registry, const kit::Context& context,
               std::shared_ptr<BucketDirectory> directory);
void AddBucketPolicy(engine::Registry& registry, const kit::Context& context,
                     std::shared_ptr<BucketDirectory> directory);

inline void RegisterS3(engine::Registry& registry, const kit::Context& context) {
  auto directory = std::make_shared<BucketDirectory>(context.client);
  AddBucket(registry, context, directory);
  AddBucketPolicy(registry, context, directory);
}

}  // namespace awsr::reconcilers::s3
