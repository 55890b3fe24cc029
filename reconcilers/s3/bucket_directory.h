// Where buckets live. ListBuckets shows every bucket of the account in one call, whatever its
// region, and nothing else; a bucket's region comes from GetBucketLocation, asked once per
// bucket (a bucket never moves) and only for the buckets the engine asks about. Shared by the
// bucket and bucket policy types.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::s3 {

class BucketDirectory {
 public:
  explicit BucketDirectory(aws::AwsClient& client) : client_(client) {}

  // The names of the buckets in scope.region among those named by scope.identity_keys and
  // scope.remembered_ids (one ListBuckets, and GetBucketLocation for each not located yet).
  engine::Task<std::vector<std::string>> InRegion(engine::ObserveScope scope);

  // Where a bucket is known to live, from an earlier look.
  std::optional<std::string> KnownRegion(const std::string& bucket) const;
  void Remember(const std::string& bucket, const std::string& region) { regions_[bucket] = region; }
  void Forget(const std::string& bucket) { regions_.erase(bucket); }

 private:
  engine::Task<std::string> Locate(std::string bucket);

  aws::AwsClient& client_;
  std::map<std::string, std::string> regions_;  // bucket name -> region
};

}  // namespace awsr::reconcilers::s3
