// AWS::SecretsManager::Secret. Named (Name); Ref is the ARN. One paginated ListSecrets per
// region and cycle, tags included. The value — SecretString or one GenerateSecretString
// makes — is write-only (kit/write_only.h): the daemon never reads it back or shows it, and
// writes it on create and when the file's text for it changes. Deleted with Secrets Manager's
// default 30-day recovery window, during which RestoreSecret brings it back.
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/write_only.h"
#include "reconcilers/secretsmanager/secret_value.h"
#include "reconcilers/secretsmanager/secretsmanager_types.h"

namespace awsr::reconcilers::secretsmanager {
namespace {

using engine::Task;
using nlohmann::json;

engine::ObservedResource FromEntry(const json& secret, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(secret, "ARN");
  observed.identity_key = StringField(secret, "Name");
  observed.region = region;
  observed.tags = engine::TagsFromList(secret.value("Tags", json::array()));
  json properties = {{"Name", observed.identity_key}, {"Tags", kit::UserTags(observed.tags)}};
  for (const char* name : {"Description", "KmsKeyId"}) {
    if (!StringField(secret, name).empty()) properties[name] = secret[name];
  }
  observed.properties = properties;
  observed.internal = {{"arn", observed.physical_id}};
  return observed;
}

class SecretReconciler final : public engine::Reconciler {
 public:
  explicit SecretReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::SecretsManager::Secret",
                    .service = "secretsmanager",
                    .name_property = "Name",
                    .max_name_length = 512}),
        client_(client),
        write_only_({"SecretString", "GenerateSecretString"}) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto secrets = co_await List(scope.region, json::array());
    if (!secrets) co_return secrets.error();
    co_return kit::OursOrWanted(std::move(*secrets), scope);
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    return write_only_.Compare(desired, observed);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (desired.properties.contains("ReplicaRegions")) co_return Unsupported("ReplicaRegions");
    auto value = co_await SecretValue(client_, desired);
    if (!value) co_return value.error();
    json params = {{"Name", desired.name}, {"Tags", write_only_.CreationTagList(desired)}};
    for (const char* name : {"Description", "KmsKeyId"}) {
      if (desired.properties.contains(name)) params[name] = desired.properties[name];
    }
    if (!value->empty()) params["SecretString"] = std::move(*value);
    const aws::CallRequest call =
        kit::RegionCall("secretsmanager", desired.region, "CreateSecret", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created && created.error().aws_code != "ResourceExistsException")
      co_return created.error();
    // Read back as the list shows it (and, after "exists", whose it is).
    json by_name = json::array();
    by_name.push_back({{"Key", "name"}, {"Values", json::array({desired.name})}});
    auto found = co_await List(desired.region, by_name);
    if (!found) co_return found.error();
    for (auto& secret : *found) {
      if (secret.identity_key == desired.name && kit::IsOwnedBy(secret.tags, desired))
        co_return std::move(secret);
    }
    if (!created) co_return created.error();
    co_return MakeError(ErrorKind::kTransient, "the new secret is not listed yet");
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (diff.Touches("/ReplicaRegions")) co_return Unsupported("ReplicaRegions");
    if (diff.Touches("/Description") || diff.Touches("/KmsKeyId")) {
      json params = {{"SecretId", observed.physical_id}};
      for (const char* name : {"Description", "KmsKeyId"}) {
        if (desired.properties.contains(name)) params[name] = desired.properties[name];
      }
      const aws::CallRequest call =
          kit::RegionCall("secretsmanager", desired.region, "UpdateSecret", std::move(params));
      auto updated = co_await kit::CallForEffect(client_, call);
      if (!updated) co_return updated;
    }
    const std::string stamp = write_only_.Stamp(desired);
    if (stamp.empty() || observed.Tag(kit::kWriteOnlyTag) == stamp) co_return Result<void>{};
    auto value = co_await SecretValue(client_, desired);
    if (!value) co_return value.error();
    const aws::CallRequest put =
        kit::RegionCall("secretsmanager", desired.region, "PutSecretValue",
                        {{"SecretId", observed.physical_id}, {"SecretString", std::move(*value)}});
    auto written = co_await kit::CallForEffect(client_, put);
    if (!written) co_return written;
    json tags = json::array();
    tags.push_back({{"Key", std::string(kit::kWriteOnlyTag)}, {"Value", stamp}});
    const aws::CallRequest tag =
        kit::RegionCall("secretsmanager", desired.region, "TagResource",
                        {{"SecretId", observed.physical_id}, {"Tags", tags}});
    co_return co_await kit::CallForEffect(client_, tag);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call = kit::RegionCall("secretsmanager", observed.region, "DeleteSecret",
                                                  {{"SecretId", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  static Error Unsupported(const char* property) {
    return MakeError(ErrorKind::kInvalidSpec, std::string("AWS::SecretsManager::Secret ") +
                                                  property + " is not supported yet");
  }

  Task<std::vector<engine::ObservedResource>> List(std::string region, json filters) {
    json params = {{"MaxResults", 100}};
    if (!filters.empty()) params["Filters"] = std::move(filters);
    const aws::PageTokens tokens{"NextToken", "NextToken"};
    const aws::CallRequest call =
        kit::RegionCall("secretsmanager", region, "ListSecrets", std::move(params));
    auto pages = co_await client_.CallAllPages(call, tokens, 10000);
    if (!pages) co_return pages.error();
    std::vector<engine::ObservedResource> secrets;
    for (const auto& page : *pages) {
      for (const auto& secret : page.value("SecretList", json::array()))
        secrets.push_back(FromEntry(secret, region));
    }
    co_return secrets;
  }

  aws::AwsClient& client_;
  kit::WriteOnly write_only_;
};

}  // namespace

void AddSecret(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<SecretReconciler>(context.client), SecretTags(context.client));
}

}  // namespace awsr::reconcilers::secretsmanager
