#include "reconcilers/s3/bucket_tags.h"

#include "daemon/engine/tags.h"
#include "reconcilers/s3/bucket_settings.h"
#include "reconcilers/s3/s3_requests.h"

namespace awsr::reconcilers::s3 {

engine::Task<engine::TagMap> ReadBucketTags(aws::AwsClient& client, std::string bucket,
                                            std::string region) {
  const BucketSetting& tagging = *FindBucketSetting("Tags");
  aws::RestRequest request = BucketRequest(bucket, region, std::string(tagging.get), "GET",
                                           std::string(tagging.subresource));
  auto got = co_await GetIfSet(client, std::move(request), std::string(tagging.absent_code));
  if (!got) co_return got.error();
  co_return engine::TagsFromList(SettingFromAws("Tags", *got));
}

engine::Task<void> WriteBucketTags(aws::AwsClient& client, std::string bucket, std::string region,
                                   engine::TagMap tags) {
  if (tags.empty()) {
    aws::RestRequest request =
        BucketRequest(bucket, region, "DeleteBucketTagging", "DELETE", "tagging");
    co_return co_await BucketCallForEffect(client, std::move(request));
  }
  auto body = SettingBody("Tags", engine::TagList(tags));
  if (!body) co_return body.error();
  aws::RestRequest request = BucketPut(bucket, region, "PutBucketTagging", "tagging", *body);
  co_return co_await BucketCallForEffect(client, std::move(request));
}

engine::Task<void> BucketTags::Retag(engine::ObservedResource observed, engine::TagMap set,
                                     std::vector<std::string> remove) {
  if (set.empty() && remove.empty()) co_return Result<void>();
  // Read now rather than trust the observation: the set is written back whole.
  auto current = co_await ReadBucketTags(client_, observed.physical_id, observed.region);
  if (!current) co_return current.error();
  engine::TagMap tags = std::move(*current);
  for (const auto& key : remove) tags.erase(key);
  for (auto& [key, value] : set) tags[key] = std::move(value);
  co_return co_await WriteBucketTags(client_, observed.physical_id, observed.region,
                                     std::move(tags));
}

}  // namespace awsr::reconcilers::s3
