// Reading credentials out of the places they are written: environment variables, systemd
// credential files, profiles, credential_process output, IMDS and STS answers. Pure apart from
// reading small local files.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "daemon/aws/credentials.h"
#include "daemon/aws/environment.h"
#include "daemon/aws/shared_config.h"

namespace awsr::aws {

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optional AWS_SESSION_TOKEN.
std::optional<Credentials> CredentialsFromEnvironment(const Environment& env);
// $CREDENTIALS_DIRECTORY/aws_access_key_id, aws_secret_access_key, optional aws_session_token
// (systemd LoadCredential=); trailing newlines are trimmed.
std::optional<Credentials> CredentialsFromSystemd(const Environment& env);
// aws_access_key_id / aws_secret_access_key / aws_session_token of a profile.
std::optional<Credentials> CredentialsFromProfile(const Profile& profile);
// credential_process output: {"Version": 1, "AccessKeyId", "SecretAccessKey",
// "SessionToken"?, "Expiration"?}.
Result<Credentials> CredentialsFromProcessOutput(std::string_view output);
// IMDS security-credentials document: {"Code": "Success", "AccessKeyId", "SecretAccessKey",
// "Token", "Expiration"}.
Result<Credentials> CredentialsFromImdsDocument(std::string_view document);
// The Credentials member of an STS AssumeRole* result (already converted to JSON).
Result<Credentials> CredentialsFromStsResult(const nlohmann::json& result);

// "2015-08-30T12:36:00Z", also with fractional seconds or a +00:00 offset.
std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text);

}  // namespace awsr::aws
