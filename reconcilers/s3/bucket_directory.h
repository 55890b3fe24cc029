// Where buckets live. ListBuckets shows every bucket of the account in one call, whatever its
// region, and nothing else; a bucket's region comes from GetBucketLocation, asked once per
// bucket (a bucket never moves) and only for the buckets the engine asks about. Shared by the
// bucket and bucket policy types, and so is the list: one ListBuckets a cycle for the account,
// whatever the number of regions (kit/cycle_shared_read.h), dropped by any write of either type.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/kit/cycle_shared_read.h"

namespace awsr::reconcilers::s3 {

class BucketDirectory {
 public:
  explicit BucketDirectory(aws::AwsClient& client) : client_(client), listed_(client, &List) {}

  // The names of the buckets in scope.region among those named by scope.identity_keys and
  // scope.remembered_ids, for `reader` (its type name): the account's ListBuckets, shared with
  // the other (type, region) readers of the cycle, and GetBucketLocation for each not located yet.
  engine::Task<std::vector<std::string>> InRegion(std::string reader, engine::ObserveScope scope);
  // Drops the shared list: called before every write of an S3 type.
  void Invalidate() { listed_.Invalidate(); }

  // Where a bucket is known to live, from an earlier look.
  std::optional<std::string> KnownRegion(const std::string& bucket) const;
  void Remember(const std::string& bucket, const std::string& region) { regions_[bucket] = region; }
  void Forget(const std::string& bucket) { regions_.erase(bucket); }

 private:
  using Names = std::vector<std::string>;
  static engine::Task<Names> List(aws::AwsClient& client, std::string account);
  engine::Task<std::string> Locate(std::string bucket);

  aws::AwsClient& client_;
  kit::CycleSharedRead<Names, aws::AwsClient> listed_;  // one "region": the account
  std::map<std::string, std::string> regions_;          // bucket name -> region
};

}  // namespace awsr::reconcilers::s3
