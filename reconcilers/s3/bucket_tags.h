// Ownership for S3 buckets: S3 has no "tag some, untag some" call; PutBucketTagging replaces
// the whole set. So a change reads the set, edits it, and writes it back whole (or deletes it
// when nothing is left), keeping every tag it was not asked to touch.
#pragma once

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::s3 {

class BucketTags final : public engine::Ownership {
 public:
  explicit BucketTags(aws::AwsClient& client) : client_(client) {}

  engine::Task<void> Retag(engine::ObservedResource observed, engine::TagMap set,
                           std::vector<std::string> remove) override;

 private:
  aws::AwsClient& client_;
};

// The bucket's whole tag set, read now ({} when it has none).
engine::Task<engine::TagMap> ReadBucketTags(aws::AwsClient& client, std::string bucket,
                                            std::string region);
// Replaces the bucket's whole tag set with `tags` (deletes it when empty).
engine::Task<void> WriteBucketTags(aws::AwsClient& client, std::string bucket, std::string region,
                                   engine::TagMap tags);

}  // namespace awsr::reconcilers::s3
