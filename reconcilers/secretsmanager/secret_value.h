// A secret's tags, and the value it is written with: SecretString as the file gives it
// (dynamic references resolved), or one made the way CloudFormation makes GenerateSecretString's —
// a password from GetRandomPassword, alone or put into SecretStringTemplate under
// GenerateStringKey. The value exists only in the write that carries it.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::secretsmanager {

// Where a secret keeps its tags: TagResource and UntagResource by ARN.
std::shared_ptr<engine::Ownership> SecretTags(aws::AwsClient& client);

// GetRandomPassword's parameters for a GenerateSecretString. Pure.
nlohmann::json RandomPasswordParams(const nlohmann::json& generate);

// The secret text for `password` under a GenerateSecretString (the template with the key set,
// or the password alone); an invalid-spec error for a template that is not a JSON object. Pure.
Result<std::string> GeneratedSecretText(const nlohmann::json& generate, std::string password);

// The value `desired` asks for, or an empty string when it asks for none.
engine::Task<std::string> SecretValue(aws::AwsClient& client, engine::DesiredResource desired);

}  // namespace awsr::reconcilers::secretsmanager
