// AWS::S3::Bucket. Buckets are global by name and regional by location (bucket_directory.h);
// ListBuckets shows no tags or settings, so those are details the engine reads within its
// budget (engine/detail_reads.h). A bucket of the name in another region is reported, never
// created a second time. CreateBucket takes no tags: the
// ownership tags go on in the call right after it.
#include <map>

#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/s3/bucket_directory.h"
#include "reconcilers/s3/bucket_settings.h"
#include "reconcilers/s3/bucket_tags.h"
#include "reconcilers/s3/bucket_type.h"
#include "reconcilers/s3/s3_requests.h"
#include "reconcilers/s3/s3_types.h"

namespace awsr::reconcilers::s3 {
namespace {

using nlohmann::json;

class BucketReconciler final : public BucketType {
 public:
  BucketReconciler(aws::AwsClient& client, std::shared_ptr<BucketDirectory> directory)
      : BucketType({.type = "AWS::S3::Bucket",
                    .service = "s3",
                    .name_property = "BucketName",
                    .max_name_length = 63,
                    .lowercase_name = true},
                   client, std::move(directory)) {}

  std::vector<std::string_view> DetailProperties() const override {
    std::vector<std::string_view> properties;
    for (const BucketSetting& setting : BucketSettings()) properties.push_back(setting.property);
    return properties;
  }

  engine::Task<json> ReadDetail(engine::ObservedResource observed, std::string property) override {
    const BucketSetting* setting = FindBucketSetting(property);
    if (setting == nullptr) {
      co_return aws::JsonError(MakeError(ErrorKind::kInternal, "no bucket setting " + property));
    }
    aws::RestRequest request =
        BucketRequest(observed.physical_id, observed.region, std::string(setting->get), "GET",
                      std::string(setting->subresource));
    auto got = co_await GetIfSet(client(), std::move(request), std::string(setting->absent_code));
    if (!got) co_return aws::JsonError(got.error());
    co_return aws::JsonValue(SettingFromAws(property, *got));
  }

  engine::Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    for (const auto& [property, value] : desired.properties.items()) {
      if (property != "BucketName" && FindBucketSetting(property) == nullptr) {
        co_return MakeError(ErrorKind::kInvalidSpec, "AWS::S3::Bucket " + desired.logical_id +
                                                         ": " + property +
                                                         " is not supported by awsreconciled yet");
      }
    }
    // A bucket of that name elsewhere is the same bucket, never a second one.
    if (auto known = directory().KnownRegion(desired.name); known && *known != desired.region) {
      co_return MakeError(ErrorKind::kConflict, "bucket " + desired.name + " already exists in " +
                                                    *known + " (bucket names are global)");
    }
    aws::RestRequest create =
        BucketRequest(desired.name, desired.region, "CreateBucket", "PUT", "");
    if (desired.region != "us-east-1") {
      create.body =
          "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" +
          XmlElement("LocationConstraint", desired.region) + "</CreateBucketConfiguration>";
    }
    auto created = co_await client().CallRest(std::move(create));
    if (!created && created.error().aws_code != "BucketAlreadyOwnedByYou")
      co_return created.error();
    if (!created) {
      // Ours from an earlier attempt, or someone else's of ours: only if it carries our tags.
      auto tags = co_await ReadBucketTags(client(), desired.name, desired.region);
      if (!tags) co_return tags.error();
      if (!kit::IsOwnedBy(*tags, desired)) {
        co_return MakeError(ErrorKind::kConflict,
                            "bucket " + desired.name + " exists without our ownership tags");
      }
    }
    directory().Remember(desired.name, desired.region);
    engine::TagMap tags = kit::CreationTags(desired);
    auto tagged = co_await WriteBucketTags(client(), desired.name, desired.region, tags);
    if (!tagged) co_return tagged.error();
    for (const BucketSetting& setting : BucketSettings()) {
      const std::string property(setting.property);
      if (property == "Tags" || !desired.properties.contains(property)) continue;
      auto put =
          co_await PutSetting(desired.name, desired.region, property, desired.properties[property]);
      if (!put) co_return put.error();
    }
    engine::ObservedResource observed = Observed(desired.name, desired.region);
    observed.tags = tags;
    observed.tags_unknown = false;
    observed.properties.Set("Tags", kit::UserTags(tags));
    co_return observed;
  }

  engine::Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                            engine::Diff diff) override {
    for (const engine::Change& change : diff.changes) {
      const std::string property = change.path.substr(1, change.path.find('/', 1) - 1);
      if (FindBucketSetting(property) == nullptr || property == "Tags") {
        co_return MakeError(ErrorKind::kInvalidSpec, "AWS::S3::Bucket " + desired.logical_id +
                                                         ": cannot change " + change.path +
                                                         " in place");
      }
    }
    for (const BucketSetting& setting : BucketSettings()) {
      const std::string property(setting.property);
      if (!diff.Touches("/" + property)) continue;
      auto put = co_await PutSetting(observed.physical_id, observed.region, property,
                                     desired.properties[property]);
      if (!put) co_return put.error();
    }
    co_return Result<void>();
  }

  engine::Task<void> Delete(engine::ObservedResource observed) override {
    aws::RestRequest request =
        BucketRequest(observed.physical_id, observed.region, "DeleteBucket", "DELETE", "");
    auto deleted = co_await BucketCallIgnoringNotFound(client(), std::move(request));
    if (!deleted) co_return deleted;
    directory().Forget(observed.physical_id);
    co_return Result<void>();
  }

 private:
  engine::ObservedResource Observed(const std::string& name,
                                    const std::string& region) const override {
    engine::ObservedResource observed;
    observed.physical_id = name;
    observed.identity_key = name;
    observed.region = region;
    observed.tags_unknown = true;  // a detail: the engine reads it
    observed.properties = json{{"BucketName", name}};
    const std::string regional = name + ".s3." + region + ".amazonaws.com";
    observed.attributes = {
        {"Arn", "arn:aws:s3:::" + name},
        {"DomainName", name + ".s3.amazonaws.com"},
        {"RegionalDomainName", regional},
        {"DualStackDomainName", name + ".s3.dualstack." + region + ".amazonaws.com"}};
    return observed;
  }

  engine::Task<void> PutSetting(std::string bucket, std::string region, std::string property,
                                json value) {
    const BucketSetting& setting = *FindBucketSetting(property);
    auto body = SettingBody(property, value);
    if (!body) co_return body.error();
    aws::RestRequest request = BucketPut(bucket, region, std::string(setting.put),
                                         std::string(setting.subresource), *body);
    co_return co_await BucketCallForEffect(client(), std::move(request));
  }
};

}  // namespace

void AddBucket(engine::Registry& registry, const kit::Context& context,
               std::shared_ptr<BucketDirectory> directory) {
  AddBucketType<BucketReconciler, BucketTags>(registry, context, std::move(directory));
}

}  // namespace awsr::reconcilers::s3
