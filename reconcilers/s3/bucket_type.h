// What the two S3 types share: the client and the bucket directory (bucket_directory.h),
// ObserveAll (the buckets of the region the engine cares about, shown before their details are
// read), and how a type is registered.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"
#include "reconcilers/s3/bucket_directory.h"

namespace awsr::reconcilers::s3 {

class BucketType : public engine::Reconciler {
 public:
  BucketType(engine::TypeInfo info, aws::AwsClient& client,
             std::shared_ptr<BucketDirectory> directory)
      : Reconciler(info), client_(client), directory_(std::move(directory)) {}

  engine::Task<engine::ObservedList> ObserveAll(
      engine::ObserveScope scope) override {
    const std::string region = scope.region;
    auto names = co_await directory_->InRegion(std::string(Type()), std::move(scope));
    if (!names) co_return names.error();
    std::vector<engine::ObservedResource> found;
    for (const std::string& name : *names) found.push_back(Observed(name, region));
    co_return found;
  }

  // A bucket made or removed, or a claim written, shows in the next list: it is read afresh.
  void BeforeWrite() override { directory_->Invalidate(); }

 protected:
  // The bucket `name` as this type shows it before the engine has read its details.
  virtual engine::ObservedResource Observed(const std::string& name,
                                            const std::string& region) const = 0;

  aws::AwsClient& client() const { return client_; }
  BucketDirectory& directory() const { return *directory_; }

 private:
  aws::AwsClient& client_;
  std::shared_ptr<BucketDirectory> directory_;
};

// Registers `Type` (a BucketType) with its ownership, both made from the client.
template <typename Type, typename Ownership>
void AddBucketType(engine::Registry& registry, const kit::Context& context,
                   std::shared_ptr<BucketDirectory> directory) {
  registry.Add(std::make_unique<Type>(context.client, std::move(directory)),
               std::make_unique<Ownership>(context.client));
}

}  // namespace awsr::reconcilers::s3
