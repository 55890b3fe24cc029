#include "daemon/aws/request_pacing.h"

#include <algorithm>

#include "daemon/aws/operation_kinds.h"

namespace awsr::aws {

namespace {

// AWS counts a token when a request arrives, we when it leaves: a request that travels faster
// than the first one did would find AWS's bucket a little emptier than ours. Keeping two tokens
// in hand absorbs 0.4 s of such difference at EC2's slowest refill.
constexpr double kTokensKeptInHand = 2;

bool StartsWithAny(std::string_view operation, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view prefix) { return operation.starts_with(prefix); });
}

// Amazon EC2 API reference, "Request throttling": each API has its own bucket, sized by the
// API's category.
PublishedBucket Ec2Bucket(std::string_view operation) {
  const std::string key = "ec2:" + std::string(operation);
  if (operation == "RunInstances") return {key, {5, 2}};
  if (!IsMutatingOperation("ec2", operation)) return {key, {100, 20}};
  return {key, {50, 5}};  // every mutating action
}

}  // namespace

bool IsMutatingOperation(std::string_view service, std::string_view operation) {
  if (service == "sts") return false;
  return !StartsWithAny(operation, {"Describe", "Get", "List", "Head", "BatchGet"});
}

std::optional<PublishedBucket> PublishedBucketFor(std::string_view service,
                                                  std::string_view operation) {
  if (service == "ec2") return Ec2Bucket(operation);
  // Elastic Load Balancing user guide, "Request throttling": Describe* share one bucket.
  if (service == "elasticloadbalancing" && operation.starts_with("Describe"))
    return PublishedBucket{"elbv2:Describe", {40, 10}};
  return std::nullopt;
}

double TokenBucket::Take(double now) {
  if (now > updated_) {
    tokens_ = std::min(limits_.capacity, tokens_ + (now - updated_) * limits_.refill_per_second);
    updated_ = now;
  }
  tokens_ -= 1;
  return tokens_ >= 0 ? 0 : -tokens_ / limits_.refill_per_second;
}

double RequestPacer::Reserve(std::string_view region, std::string_view service,
                             std::string_view operation, double now) {
  auto bucket = PublishedBucketFor(service, operation);
  if (!bucket) return 0;
  BucketLimits limits = bucket->limits;
  limits.capacity = std::max(1.0, limits.capacity - kTokensKeptInHand);
  auto [entry, added] = buckets_.try_emplace({std::string(region), bucket->key}, limits, now);
  return entry->second.Take(now);
}

}  // namespace awsr::aws
