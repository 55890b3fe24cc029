// AWS::ECR::Repository. Named (RepositoryName, which Ref returns). One paginated
// DescribeRepositories per region and cycle, which carries no tags: tags and the lifecycle
// policy are details the engine reads within its budget (engine/detail_reads.h). Tag
// mutability and scanning change in place, each with its own Put call; encryption is fixed at
// creation.
#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/ecr/ecr_types.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/detail_tags.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::ecr {
namespace {

using engine::Task;
using nlohmann::json;

engine::ObservedResource FromRepository(const json& repository, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(repository, "repositoryName");
  observed.identity_key = observed.physical_id;
  observed.region = region;
  const std::string arn = StringField(repository, "repositoryArn");
  const json& scanning = repository.value("imageScanningConfiguration", json::object());
  const json& encryption = repository.value("encryptionConfiguration", json::object());
  json encryption_shown = {{"EncryptionType", StringField(encryption, "encryptionType")}};
  if (!StringField(encryption, "kmsKey").empty()) encryption_shown["KmsKey"] = encryption["kmsKey"];
  observed.properties = {{"RepositoryName", observed.physical_id},
                         {"ImageTagMutability", StringField(repository, "imageTagMutability")},
                         {"ImageScanningConfiguration",
                          {{"ScanOnPush", IsTrue(scanning.value("scanOnPush", json()))}}},
                         {"EncryptionConfiguration", encryption_shown}};
  observed.attributes = {{"Arn", arn}, {"RepositoryUri", StringField(repository, "repositoryUri")}};
  observed.internal = {{"arn", arn}};
  return observed;
}

// Lifecycle policy texts compare as JSON: AWS may hand back the same rules re-serialised.
bool SameLifecycleText(const json& desired, const json& observed) {
  const auto parsed = [](const json& text) {
    if (!text.is_string()) return text;
    json value = json::parse(text.get<std::string>(), nullptr, false);
    return value.is_discarded() ? text : value;
  };
  return parsed(desired) == parsed(observed);
}

class RepositoryReconciler final : public engine::Reconciler {
 public:
  explicit RepositoryReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::ECR::Repository",
                    .service = "ecr",
                    .name_property = "RepositoryName",
                    .max_name_length = 256,
                    .lowercase_name = true}),
        client_(client) {}

  std::vector<std::string_view> DetailProperties() const override {
    return {"Tags", "LifecyclePolicy"};
  }

  Task<json> ReadDetail(engine::ObservedResource observed, std::string property) override {
    if (property == "Tags") {
      const aws::CallRequest call =
          kit::RegionCall("ecr", observed.region, "ListTagsForResource",
                          {{"resourceArn", StringField(observed.internal, "arn")}});
      auto tags = co_await client_.Call(call);
      if (!tags) co_return aws::JsonError(tags.error());
      co_return aws::JsonValue(tags->data.value("tags", json::array()));
    }
    const aws::CallRequest call = kit::RegionCall("ecr", observed.region, "GetLifecyclePolicy",
                                                  {{"repositoryName", observed.physical_id}});
    auto policy = co_await client_.Call(call);
    if (!policy && policy.error().aws_code == "LifecyclePolicyNotFoundException") {
      co_return aws::JsonValue(json());
    }
    if (!policy) co_return aws::JsonError(policy.error());
    co_return aws::JsonValue(
        json{{"LifecyclePolicyText", StringField(policy->data, "lifecyclePolicyText")},
             {"RegistryId", StringField(policy->data, "registryId")}});
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto repositories = co_await List(scope.region);
    if (!repositories) co_return repositories.error();
    co_return kit::NamedOrRemembered(std::move(*repositories), scope);
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json rest = desired.properties;
    rest.erase("LifecyclePolicy");
    engine::Diff diff = engine::DiffProperties(rest, observed.properties);
    const json wanted = desired.properties.value("LifecyclePolicy", json());
    if (!wanted.is_object() || !observed.properties.Contains("LifecyclePolicy")) return diff;
    const json& seen = observed.properties["LifecyclePolicy"];
    const json seen_text = seen.is_object() ? seen.value("LifecyclePolicyText", json()) : json();
    if (wanted.contains("LifecyclePolicyText") &&
        !SameLifecycleText(wanted["LifecyclePolicyText"], seen_text)) {
      diff.changes.push_back({"/LifecyclePolicy", wanted, seen});
    }
    return diff;
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (desired.properties.contains("RepositoryPolicyText")) {
      co_return MakeError(ErrorKind::kInvalidSpec,
                          "AWS::ECR::Repository RepositoryPolicyText is not supported yet");
    }
    json params = {{"repositoryName", desired.name}, {"tags", kit::CreationTagList(desired)}};
    const json& properties = desired.properties;
    if (properties.contains("ImageTagMutability")) {
      params["imageTagMutability"] = properties["ImageTagMutability"];
    }
    if (properties.contains("ImageScanningConfiguration")) {
      params["imageScanningConfiguration"] = {
          {"scanOnPush",
           IsTrue(properties["ImageScanningConfiguration"].value("ScanOnPush", json()))}};
    }
    if (properties.contains("EncryptionConfiguration")) {
      const json& encryption = properties["EncryptionConfiguration"];
      params["encryptionConfiguration"] = {
          {"encryptionType", encryption.value("EncryptionType", json("AES256"))}};
      if (encryption.contains("KmsKey")) {
        params["encryptionConfiguration"]["kmsKey"] = encryption["KmsKey"];
      }
    }
    const aws::CallRequest call =
        kit::RegionCall("ecr", desired.region, "CreateRepository", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created && created.error().aws_code != "RepositoryAlreadyExistsException") {
      co_return created.error();
    }
    engine::ObservedResource observed;
    if (created) {
      observed = FromRepository(created->data.value("repository", json::object()), desired.region);
      observed.tags = kit::CreationTags(desired);
    } else {
      // Ours from an earlier attempt only if it carries our tags.
      auto found = co_await FindOne(desired.region, desired.name);
      if (!found) co_return found.error();
      observed = std::move(*found);
      auto tags = co_await ReadDetail(observed, "Tags");
      if (!tags) co_return tags.error();
      observed.tags = engine::TagsFromList(*tags);
      if (!kit::IsOwnedBy(observed.tags, desired)) co_return created.error();
    }
    observed.properties.Set("Tags", kit::UserTags(observed.tags));
    if (properties.contains("LifecyclePolicy")) {
      auto put =
          co_await PutLifecyclePolicy(desired.region, desired.name, properties["LifecyclePolicy"]);
      if (!put) co_return put.error();
    }
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    const json& properties = desired.properties;
    for (const engine::Change& change : diff.changes) {
      if (change.path != "/ImageTagMutability" && change.path != "/ImageScanningConfiguration" &&
          change.path != "/LifecyclePolicy") {
        co_return MakeError(ErrorKind::kInvalidSpec, "AWS::ECR::Repository " + desired.logical_id +
                                                         ": cannot change " + change.path +
                                                         " in place");
      }
    }
    if (diff.Touches("/ImageTagMutability")) {
      const aws::CallRequest call =
          kit::RegionCall("ecr", observed.region, "PutImageTagMutability",
                          {{"repositoryName", observed.physical_id},
                           {"imageTagMutability", properties["ImageTagMutability"]}});
      auto put = co_await kit::CallForEffect(client_, call);
      if (!put) co_return put;
    }
    if (diff.Touches("/ImageScanningConfiguration")) {
      json scanning = {{"scanOnPush", IsTrue(properties["ImageScanningConfiguration"].value(
                                          "ScanOnPush", json()))}};
      const aws::CallRequest call = kit::RegionCall(
          "ecr", observed.region, "PutImageScanningConfiguration",
          {{"repositoryName", observed.physical_id}, {"imageScanningConfiguration", scanning}});
      auto put = co_await kit::CallForEffect(client_, call);
      if (!put) co_return put;
    }
    if (diff.Touches("/LifecyclePolicy")) {
      co_return co_await PutLifecyclePolicy(observed.region, observed.physical_id,
                                            properties["LifecyclePolicy"]);
    }
    co_return Result<void>();
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call = kit::RegionCall("ecr", observed.region, "DeleteRepository",
                                                  {{"repositoryName", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  Task<void> PutLifecyclePolicy(std::string region, std::string repository, json policy) {
    const json text = policy.value("LifecyclePolicyText", json());
    const aws::CallRequest call = kit::RegionCall(
        "ecr", region, "PutLifecyclePolicy",
        {{"repositoryName", repository},
         {"lifecyclePolicyText", text.is_string() ? text.get<std::string>() : text.dump()}});
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<engine::ObservedResource> FindOne(std::string region, std::string name) {
    json names = json::array({name});
    const aws::CallRequest call =
        kit::RegionCall("ecr", region, "DescribeRepositories", {{"repositoryNames", names}});
    auto found = co_await client_.Call(call);
    if (!found) co_return found.error();
    for (const json& repository : found->data.value("repositories", json::array())) {
      co_return FromRepository(repository, region);
    }
    co_return MakeError(ErrorKind::kTransient, "repository " + name + " is not listed yet");
  }

  Task<std::vector<engine::ObservedResource>> List(std::string region) {
    const aws::PageTokens tokens{"nextToken", "nextToken"};
    const aws::CallRequest call =
        kit::RegionCall("ecr", region, "DescribeRepositories", {{"maxResults", 1000}});
    auto pages = co_await client_.CallAllPages(call, tokens, 10000);
    if (!pages) co_return pages.error();
    std::vector<engine::ObservedResource> repositories;
    for (const auto& page : *pages) {
      for (const auto& repository : page.value("repositories", json::array())) {
        repositories.push_back(FromRepository(repository, region));
      }
    }
    co_return repositories;
  }

  aws::AwsClient& client_;
};

std::unique_ptr<engine::Ownership> RepositoryTags(aws::AwsClient& client) {
  return std::make_unique<kit::TagCalls>(
      client,
      [](const engine::ObservedResource& observed, const engine::TagMap& set) {
        return kit::RegionCall("ecr", observed.region, "TagResource",
                               {{"resourceArn", StringField(observed.internal, "arn")},
                                {"tags", engine::TagList(set)}});
      },
      [](const engine::ObservedResource& observed, const std::vector<std::string>& remove) {
        return kit::RegionCall(
            "ecr", observed.region, "UntagResource",
            {{"resourceArn", StringField(observed.internal, "arn")}, {"tagKeys", remove}});
      });
}

}  // namespace

void AddRepository(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<RepositoryReconciler>(context.client),
               RepositoryTags(context.client));
}

}  // namespace awsr::reconcilers::ecr
