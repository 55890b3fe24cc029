// CloudFormation's dynamic references, "{{resolve:secretsmanager:ID:SecretString:KEY}}" and
// "{{resolve:ssm:NAME}}" ("ssm-secure" too), resolved only at the moment a value is written to
// AWS: the resolved text lives in that call's parameters and nowhere else — never in a desired
// or observed resource, a diff, a log line, the status file or an API answer.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::kit {

struct DynamicReference {
  enum class Source { kSecretsManager, kSsm, kSsmSecure };
  Source source = Source::kSsm;
  std::string id;             // secret ID or ARN; parameter name
  std::string json_key;       // secretsmanager: the SecretString member; empty for all of it
  std::string version_stage;  // secretsmanager; empty: AWSCURRENT
  std::string version_id;     // secretsmanager
  std::string version;        // ssm: a parameter version; empty: the latest

  friend bool operator==(const DynamicReference&, const DynamicReference&) = default;
};

// Whether `value` (any JSON) holds a dynamic reference anywhere.
bool HasDynamicReference(const nlohmann::json& value);

// The reference between "{{resolve:" and "}}"; an error naming what is wrong otherwise. Pure.
Result<DynamicReference> ParseDynamicReference(std::string_view body);

// `value` with every dynamic reference replaced by what it names, read from AWS in `region`
// (Secrets Manager GetSecretValue, SSM GetParameter). Only for the parameters of a write.
engine::Task<nlohmann::json> ResolveDynamicReferences(aws::AwsClient& client, std::string region,
                                                      nlohmann::json value);

}  // namespace awsr::reconcilers::kit
