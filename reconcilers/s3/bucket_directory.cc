#include "reconcilers/s3/bucket_directory.h"

#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/s3/s3_requests.h"

namespace awsr::reconcilers::s3 {

engine::Task<BucketDirectory::Names> BucketDirectory::List(aws::AwsClient& client, std::string) {
  aws::RestRequest list("s3", "ListBuckets", "GET", "/");
  auto listed = co_await client.CallRest(std::move(list));
  if (!listed) co_return listed.error();
  Names names;
  const nlohmann::json buckets = listed->data.value("Buckets", nlohmann::json());
  const nlohmann::json items =
      buckets.is_object() ? buckets.value("Bucket", nlohmann::json()) : buckets;
  for (const nlohmann::json& bucket : aws::AsList(items)) {
    names.push_back(StringField(bucket, "Name"));
  }
  co_return names;
}

engine::Task<std::vector<std::string>> BucketDirectory::InRegion(std::string reader,
                                                                 engine::ObserveScope scope) {
  // Each (type, region) is one reader of the account's list: it is served a read at most once.
  auto listed = co_await listed_.Read(reader + "|" + scope.region, "account");
  if (!listed) co_return listed.error();
  const std::shared_ptr<const Names> names = *listed;  // kept across the awaits below
  std::set<std::string> wanted(scope.identity_keys.begin(), scope.identity_keys.end());
  wanted.insert(scope.remembered_ids.begin(), scope.remembered_ids.end());
  std::vector<std::string> found;
  const std::set<std::string> present(names->begin(), names->end());
  for (const std::string& name : *names) {
    if (!scope.everything && !wanted.contains(name)) continue;
    auto region = co_await Locate(name);
    if (!region) co_return region.error();
    if (*region == scope.region) found.push_back(name);
  }
  // A bucket gone from the list may come back elsewhere under the same name.
  std::erase_if(regions_, [&](const auto& entry) { return !present.contains(entry.first); });
  co_return found;
}

std::optional<std::string> BucketDirectory::KnownRegion(const std::string& bucket) const {
  const auto found = regions_.find(bucket);
  if (found == regions_.end()) return std::nullopt;
  return found->second;
}

engine::Task<std::string> BucketDirectory::Locate(std::string bucket) {
  if (auto known = regions_.find(bucket); known != regions_.end()) co_return known->second;
  // Every region answers GetBucketLocation, so the client's own region will do.
  aws::RestRequest request = BucketRequest(bucket, "", "GetBucketLocation", "GET", "location");
  auto located = co_await client_.CallRest(std::move(request));
  if (!located) co_return located.error();
  co_return regions_[bucket] = RegionOfLocation(located->data);
}

}  // namespace awsr::reconcilers::s3
