// AWS::S3::BucketPolicy: one policy per bucket, known by the bucket's name. S3 cannot tag a
// policy, so its ownership is a claim on the bucket (bucket_policy_claim.h), read with the
// bucket's tags; the document is a detail too (GetBucketPolicy, one call per bucket), and is
// compared by meaning, as IAM's documents are (kit/policy_document.h).
#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/policy_document.h"
#include "reconcilers/s3/bucket_directory.h"
#include "reconcilers/s3/bucket_policy_claim.h"
#include "reconcilers/s3/bucket_tags.h"
#include "reconcilers/s3/bucket_type.h"
#include "reconcilers/s3/s3_requests.h"
#include "reconcilers/s3/s3_types.h"

namespace awsr::reconcilers::s3 {
namespace {

using nlohmann::json;

// The claim on the bucket, rewritten from a policy's ownership tags (none: removed).
engine::Task<void> WritePolicyClaim(aws::AwsClient& client, std::string bucket, std::string region,
                                    engine::TagMap ownership) {
  auto current = co_await ReadBucketTags(client, bucket, region);
  if (!current) co_return current.error();
  engine::TagMap tags = std::move(*current);
  const std::string claim = PolicyClaimValue(ownership);
  if (claim.empty()) {
    if (!tags.erase(std::string(kBucketPolicyClaimKey))) co_return Result<void>();
  } else {
    tags[std::string(kBucketPolicyClaimKey)] = claim;
  }
  co_return co_await WriteBucketTags(client, bucket, region, std::move(tags));
}

class BucketPolicyClaim final : public engine::Ownership {
 public:
  explicit BucketPolicyClaim(aws::AwsClient& client) : client_(client) {}

  engine::Task<void> Retag(engine::ObservedResource observed, engine::TagMap set,
                           std::vector<std::string> remove) override {
    if (set.empty() && remove.empty()) co_return Result<void>();
    engine::TagMap ownership = observed.tags;
    for (const auto& key : remove) ownership.erase(key);
    for (auto& [key, value] : set) ownership[key] = std::move(value);
    co_return co_await WritePolicyClaim(client_, observed.physical_id, observed.region,
                                        std::move(ownership));
  }

 private:
  aws::AwsClient& client_;
};

class BucketPolicyReconciler final : public BucketType {
 public:
  BucketPolicyReconciler(aws::AwsClient& client, std::shared_ptr<BucketDirectory> directory)
      : BucketType({.type = "AWS::S3::BucketPolicy", .service = "s3"}, client,
                   std::move(directory)) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return StringField(desired.properties, "Bucket");
  }

  std::vector<std::string_view> DetailProperties() const override {
    return {"Tags", "PolicyDocument"};
  }

  engine::Task<json> ReadDetail(engine::ObservedResource observed, std::string property) override {
    if (property == "Tags") {
      auto tags = co_await ReadBucketTags(client(), observed.physical_id, observed.region);
      if (!tags) co_return aws::JsonError(tags.error());
      co_return aws::JsonValue(engine::TagList(PolicyClaimTags(*tags)));
    }
    aws::RestRequest request =
        BucketRequest(observed.physical_id, observed.region, "GetBucketPolicy", "GET", "policy");
    auto answer = co_await client().CallRest(std::move(request));
    if (!answer && answer.error().aws_code == "NoSuchBucketPolicy")
      co_return aws::JsonValue(json());
    if (!answer) co_return aws::JsonError(answer.error());
    // The body is the document itself.
    co_return aws::JsonValue(json(answer->raw_body));
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json rest = desired.properties;
    rest.erase("PolicyDocument");
    engine::Diff diff = engine::DiffProperties(rest, observed.properties);
    // Unknown until read: never a difference.
    if (desired.properties.contains("PolicyDocument") &&
        observed.properties.Contains("PolicyDocument") &&
        (observed.properties["PolicyDocument"].is_null() ||
         !kit::SamePolicy(desired.properties["PolicyDocument"],
                          observed.properties["PolicyDocument"]))) {
      diff.changes.push_back({"/PolicyDocument", desired.properties["PolicyDocument"],
                              observed.properties["PolicyDocument"]});
    }
    return diff;
  }

  engine::Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    const std::string bucket = StringField(desired.properties, "Bucket");
    const std::string region = directory().KnownRegion(bucket).value_or(desired.region);
    auto claimed = co_await WritePolicyClaim(client(), bucket, region, desired.ownership_tags);
    if (!claimed) co_return claimed.error();
    auto put = co_await PutPolicy(bucket, region, desired.properties["PolicyDocument"]);
    if (!put) co_return put.error();
    engine::ObservedResource observed = Observed(bucket, region);
    observed.tags = desired.ownership_tags;
    observed.tags_unknown = false;
    co_return observed;
  }

  engine::Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                            engine::Diff diff) override {
    (void)diff;  // only the document changes in place
    co_return co_await PutPolicy(observed.physical_id, observed.region,
                                 desired.properties["PolicyDocument"]);
  }

  engine::Task<void> Delete(engine::ObservedResource observed) override {
    aws::RestRequest request = BucketRequest(observed.physical_id, observed.region,
                                             "DeleteBucketPolicy", "DELETE", "policy");
    auto deleted = co_await BucketCallIgnoringNotFound(client(), std::move(request));
    if (!deleted) co_return deleted;
    engine::TagMap none;
    auto unclaimed =
        co_await WritePolicyClaim(client(), observed.physical_id, observed.region, none);
    if (!unclaimed && unclaimed.error().kind != ErrorKind::kNotFound) co_return unclaimed.error();
    co_return Result<void>();
  }

 private:
  engine::ObservedResource Observed(const std::string& bucket,
                                    const std::string& region) const override {
    engine::ObservedResource observed;
    observed.physical_id = bucket;
    observed.identity_key = bucket;
    observed.region = region;
    observed.tags_unknown = true;  // the claim is read as a detail
    observed.properties = json{{"Bucket", bucket}};
    return observed;
  }

  engine::Task<void> PutPolicy(std::string bucket, std::string region, json document) {
    aws::RestRequest request =
        BucketPut(bucket, region, "PutBucketPolicy", "policy", kit::WireDocument(document));
    co_return co_await BucketCallForEffect(client(), std::move(request));
  }
};

}  // namespace

void AddBucketPolicy(engine::Registry& registry, const kit::Context& context,
                     std::shared_ptr<BucketDirectory> directory) {
  AddBucketType<BucketPolicyReconciler, BucketPolicyClaim>(registry, context, std::move(directory));
}

}  // namespace awsr::reconcilers::s3
