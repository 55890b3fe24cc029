#include "reconcilers/kit/dynamic_references.h"

#include <algorithm>
#include <vector>

#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"

namespace awsr::reconcilers::kit {
namespace {

using nlohmann::json;

constexpr std::string_view kOpen = "{{resolve:";
constexpr std::string_view kClose = "}}";

std::vector<std::string> SplitColons(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t colon; (colon = text.find(':', start)) != std::string_view::npos;
       start = colon + 1) {
    parts.emplace_back(text.substr(start, colon - start));
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

// An ID that is an ARN spans `arn_parts` colon-separated parts; a name spans one.
std::string TakeId(std::vector<std::string>& parts, std::size_t arn_parts) {
  const std::size_t count = parts.front() == "arn" ? std::min(arn_parts, parts.size()) : 1;
  std::string id;
  for (std::size_t i = 0; i < count; ++i) id += (i == 0 ? "" : ":") + parts[i];
  parts.erase(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(count));
  return id;
}

Error ReferenceError(std::string message) {
  return MakeError(ErrorKind::kInvalidSpec, "dynamic reference: " + std::move(message));
}

bool ContainsReference(const json& value) {
  return value.is_string() && value.get_ref<const std::string&>().find(kOpen) != std::string::npos;
}

// The text a reference names. Errors name the reference, never a value.
engine::Task<std::string> Lookup(aws::AwsClient& client, std::string region,
                                 DynamicReference reference) {
  if (reference.source == DynamicReference::Source::kSecretsManager) {
    json params = {{"SecretId", reference.id}};
    if (!reference.version_stage.empty()) params["VersionStage"] = reference.version_stage;
    if (!reference.version_id.empty()) params["VersionId"] = reference.version_id;
    aws::CallRequest call("secretsmanager", "GetSecretValue", std::move(params));
    call.region = region;
    auto answer = co_await client.Call(std::move(call));
    if (!answer) co_return answer.error();
    const std::string text = StringField(answer->data, "SecretString");
    if (reference.json_key.empty()) co_return text;
    const json members = json::parse(text, nullptr, false);
    const auto member = members.is_object() ? members.find(reference.json_key) : members.end();
    if (!members.is_object() || member == members.end()) {
      co_return ReferenceError("secret " + reference.id + " has no JSON key " + reference.json_key);
    }
    co_return member->is_string() ? member->get<std::string>() : member->dump();
  }
  std::string name = reference.id;
  if (!reference.version.empty()) name += ":" + reference.version;
  json params = {{"Name", name}};
  if (reference.source == DynamicReference::Source::kSsmSecure) params["WithDecryption"] = true;
  aws::CallRequest call("ssm", "GetParameter", std::move(params));
  call.region = region;
  call.protocol = aws::Protocol::kJson11;
  call.api_version = "2014-11-06";
  call.target_prefix = "AmazonSSM";
  auto answer = co_await client.Call(std::move(call));
  if (!answer) co_return answer.error();
  co_return StringField(answer->data.value("Parameter", json::object()), "Value");
}

engine::Task<std::string> ResolveText(aws::AwsClient& client, std::string region,
                                      std::string text) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t open; (open = text.find(kOpen, at)) != std::string::npos;) {
    const std::size_t close = text.find(kClose, open);
    if (close == std::string::npos) co_return ReferenceError("\"{{resolve:\" without \"}}\"");
    const std::string body = text.substr(open + kOpen.size(), close - open - kOpen.size());
    auto reference = ParseDynamicReference(body);
    if (!reference) co_return reference.error();
    auto value = co_await Lookup(client, region, *reference);
    if (!value) co_return value.error();
    out += text.substr(at, open - at) + *value;
    at = close + kClose.size();
  }
  co_return out + text.substr(at);
}

}  // namespace

bool HasDynamicReference(const json& value) {
  if (value.is_object() || value.is_array()) {
    for (const auto& item : value) {
      if (HasDynamicReference(item)) return true;
    }
    return false;
  }
  return ContainsReference(value);
}

Result<DynamicReference> ParseDynamicReference(std::string_view body) {
  std::vector<std::string> parts = SplitColons(body);
  DynamicReference reference;
  const std::string service = parts.front();
  parts.erase(parts.begin());
  if (parts.empty() || parts.front().empty()) {
    return ReferenceError("\"" + service + "\" names nothing");
  }
  if (service == "secretsmanager") {
    reference.source = DynamicReference::Source::kSecretsManager;
    reference.id = TakeId(parts, 7);  // arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME
    if (!parts.empty() && !parts[0].empty() && parts[0] != "SecretString") {
      return ReferenceError("secretsmanager references read SecretString, not " + parts[0]);
    }
    if (parts.size() > 4) return ReferenceError("too many parts after the secret ID");
    parts.resize(4);
    reference.json_key = parts[1];
    reference.version_stage = parts[2];
    reference.version_id = parts[3];
    return reference;
  }
  if (service == "ssm" || service == "ssm-secure") {
    reference.source =
        service == "ssm" ? DynamicReference::Source::kSsm : DynamicReference::Source::kSsmSecure;
    reference.id = TakeId(parts, 6);  // arn:aws:ssm:REGION:ACCOUNT:parameter/NAME
    if (parts.size() > 1) return ReferenceError("too many parts after the parameter name");
    if (!parts.empty()) reference.version = parts[0];
    return reference;
  }
  return ReferenceError("unknown service \"" + service + "\" (secretsmanager, ssm or ssm-secure)");
}

engine::Task<json> ResolveDynamicReferences(aws::AwsClient& client, std::string region,
                                            json value) {
  if (value.is_object() || value.is_array()) {
    for (auto& item : value) {
      if (!HasDynamicReference(item)) continue;
      auto resolved = co_await ResolveDynamicReferences(client, region, item);
      if (!resolved) co_return aws::JsonError(resolved.error());
      item = std::move(*resolved);
    }
    co_return aws::JsonValue(std::move(value));
  }
  if (!ContainsReference(value)) co_return aws::JsonValue(std::move(value));
  auto text = co_await ResolveText(client, region, value.get<std::string>());
  if (!text) co_return aws::JsonError(text.error());
  co_return aws::JsonValue(json(std::move(*text)));
}

}  // namespace awsr::reconcilers::kit
