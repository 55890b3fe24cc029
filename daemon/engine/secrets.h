// Which property values are secrets, and the functions every value passes through before it
// can surface anywhere: desired and observed properties, the diff, the plan, events, the status
// file, logs and error messages.
//
// Secrets are named by type and path in a project list (secrets.cc: user data, passwords,
// secret strings, private keys), not guessed from property names: "PasswordLength" is no
// secret and "UserData" is one. tests/daemon/engine/secrets_test.cc holds the list against the
// CloudFormation specification: every listed path exists, and every string property of the
// specification whose name looks secret is classified, so a type added later cannot slip by.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/engine/diff.h"

namespace awsr::engine {

inline constexpr std::string_view kRedacted = "<redacted>";

struct SecretProperty {
  std::string_view type;  // "AWS::IAM::User"
  std::string_view path;  // "LoginProfile/Password": members, through lists of them
};

// The project's list.
const std::vector<SecretProperty>& SecretProperties();

// `properties` of a resource of `type` with every secret value replaced by kRedacted.
nlohmann::json RedactSecrets(std::string_view type, const nlohmann::json& properties);
// Changes with their values redacted where they touch a secret of `type`.
std::vector<Change> RedactChanges(std::string_view type, std::vector<Change> changes);

// The secret strings `properties` of `type` hold, to scrub from messages AWS or a parser
// wrote (an error that quotes a value).
std::vector<std::string> SecretValues(std::string_view type, const nlohmann::json& properties);
// `text` with every occurrence of each secret replaced by kRedacted.
std::string Scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace awsr::engine
