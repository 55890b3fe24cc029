#include "daemon/engine/secrets.h"

#include <functional>

namespace awsr::engine {
namespace {

using nlohmann::json;

// Shorter strings are not scrubbed from messages: replacing "1" everywhere would garble them,
// and a secret that short protects nothing anyway.
constexpr std::size_t kShortestScrubbed = 4;

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return parts;
}

// Calls `visit` on every value at `parts` below `value`, stepping through lists.
void Walk(json& value, const std::vector<std::string_view>& parts, std::size_t depth,
          const std::function<void(json&)>& visit) {
  if (value.is_array()) {
    for (json& item : value) Walk(item, parts, depth, visit);
    return;
  }
  if (depth == parts.size()) {
    if (!value.is_null()) visit(value);
    return;
  }
  if (!value.is_object()) return;
  const auto member = value.find(std::string(parts[depth]));
  if (member != value.end()) Walk(*member, parts, depth + 1, visit);
}

void ForEachSecret(std::string_view type, json& properties,
                   const std::function<void(json&)>& visit) {
  for (const SecretProperty& secret : SecretProperties()) {
    if (secret.type == type) Walk(properties, Split(secret.path), 0, visit);
  }
}

}  // namespace

const std::vector<SecretProperty>& SecretProperties() {
  static const std::vector<SecretProperty> kList = {
      {"AWS::EC2::Instance", "UserData"},
      {"AWS::ElasticLoadBalancingV2::Listener",
       "DefaultActions/AuthenticateOidcConfig/ClientSecret"},
      {"AWS::ElasticLoadBalancingV2::ListenerRule", "Actions/AuthenticateOidcConfig/ClientSecret"},
      {"AWS::IAM::User", "LoginProfile/Password"},
      {"AWS::RDS::DBInstance", "MasterUserPassword"},
      {"AWS::Redshift::Cluster", "MasterUserPassword"},
      {"AWS::SecretsManager::Secret", "SecretString"},
  };
  return kList;
}

json RedactSecrets(std::string_view type, const json& properties) {
  json redacted = properties;
  ForEachSecret(type, redacted, [](json& value) { value = kRedacted; });
  return redacted;
}

std::vector<Change> RedactChanges(std::string_view type, std::vector<Change> changes) {
  for (Change& change : changes) {
    // A change's path names a top-level property: redact it as one, on both sides.
    const std::string property = change.path.substr(change.path.empty() ? 0 : 1);
    for (json* side : {&change.desired, &change.observed}) {
      json wrapper = {{property, *side}};
      *side = RedactSecrets(type, wrapper)[property];
    }
  }
  return changes;
}

std::vector<std::string> SecretValues(std::string_view type, const json& properties) {
  std::vector<std::string> values;
  json copy = properties;
  ForEachSecret(type, copy, [&](json& value) {
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (text.size() >= kShortestScrubbed) values.push_back(text);
  });
  return values;
}

std::string Scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    for (auto at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + kRedacted.size())) {
      text.replace(at, secret.size(), kRedacted);
    }
  }
  return text;
}

}  // namespace awsr::engine
