#include "reconcilers/secretsmanager/secret_value.h"

#include <string_view>

#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/dynamic_references.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::secretsmanager {

using nlohmann::json;

std::shared_ptr<engine::Ownership> SecretTags(aws::AwsClient& client) {
  const auto call = [](const engine::ObservedResource& observed, const char* operation,
                       json params) {
    params["SecretId"] = observed.physical_id;
    return kit::RegionCall("secretsmanager", observed.region, operation, std::move(params));
  };
  return std::make_shared<kit::TagCalls>(
      client,
      [call](const engine::ObservedResource& observed, const engine::TagMap& tags) {
        return call(observed, "TagResource", {{"Tags", engine::TagList(tags)}});
      },
      [call](const engine::ObservedResource& observed, const std::vector<std::string>& keys) {
        return call(observed, "UntagResource", {{"TagKeys", keys}});
      });
}

json RandomPasswordParams(const json& generate) {
  json params = json::object();
  for (const char* name :
       {"PasswordLength", "ExcludeCharacters", "ExcludeLowercase", "ExcludeNumbers",
        "ExcludePunctuation", "ExcludeUppercase", "IncludeSpace", "RequireEachIncludedType"}) {
    if (!generate.contains(name)) continue;
    const json& value = generate[name];
    if (std::string_view(name) == "PasswordLength") {
      params[name] = value.is_string() ? json(std::stoi(value.get<std::string>())) : value;
    } else if (std::string_view(name) != "ExcludeCharacters" && !value.is_boolean()) {
      params[name] = IsTrue(value);
    } else {
      params[name] = value;
    }
  }
  return params;
}

Result<std::string> GeneratedSecretText(const json& generate, std::string password) {
  const std::string text = StringField(generate, "SecretStringTemplate");
  if (text.empty()) return password;
  json secret = json::parse(text, nullptr, false);
  if (!secret.is_object()) {
    return MakeError(ErrorKind::kInvalidSpec,
                     "GenerateSecretString/SecretStringTemplate is not a JSON object");
  }
  secret[StringField(generate, "GenerateStringKey")] = std::move(password);
  return secret.dump();
}

engine::Task<std::string> SecretValue(aws::AwsClient& client, engine::DesiredResource desired) {
  const json& properties = desired.properties;
  if (properties.contains("SecretString")) {
    auto resolved =
        co_await kit::ResolveDynamicReferences(client, desired.region, properties["SecretString"]);
    if (!resolved) co_return resolved.error();
    co_return resolved->is_string() ? resolved->get<std::string>() : resolved->dump();
  }
  if (!properties.contains("GenerateSecretString")) co_return std::string();
  const json& generate = properties["GenerateSecretString"];
  const aws::CallRequest call = kit::RegionCall(
      "secretsmanager", desired.region, "GetRandomPassword", RandomPasswordParams(generate));
  auto answer = co_await client.Call(call);
  if (!answer) co_return answer.error();
  co_return GeneratedSecretText(generate, StringField(answer->data, "RandomPassword"));
}

}  // namespace awsr::reconcilers::secretsmanager
