#include "daemon/aws/credential_parsing.h"

#include <ctime>
#include <fstream>
#include <sstream>

#include "daemon/base/json_fields.h"
#include "daemon/base/utc_time.h"

namespace awsr::aws {
namespace {

std::optional<std::string> ReadTrimmedFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

Error Malformed(std::string what) {
  return MakeError(ErrorKind::kAccessDenied, "malformed credentials from " + what);
}

// Fills keys, token and expiration from a JSON object using the given member names.
Result<Credentials> FromJson(const nlohmann::json& object, const char* token_key,
                             std::string what) {
  if (!object.is_object()) return Malformed(what);
  Credentials credentials;
  credentials.access_key_id = StringField(object, "AccessKeyId");
  credentials.secret_access_key = StringField(object, "SecretAccessKey");
  credentials.session_token = StringField(object, token_key);
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return Malformed(what);
  }
  if (std::string expiration = StringField(object, "Expiration"); !expiration.empty()) {
    credentials.expiration = ParseIso8601(expiration);
    if (!credentials.expiration) return Malformed(what + " (Expiration)");
  }
  return credentials;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text) {
  std::tm tm{};
  std::string head(text.substr(0, 19));
  if (head.size() != 19 || strptime(head.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) {
    return std::nullopt;
  }
  return TimeFromUtc(tm);
}

std::optional<Credentials> CredentialsFromEnvironment(const Environment& env) {
  auto key = env.Get("AWS_ACCESS_KEY_ID");
  auto secret = env.Get("AWS_SECRET_ACCESS_KEY");
  if (!key || !secret) return std::nullopt;
  Credentials credentials;
  credentials.access_key_id = *key;
  credentials.secret_access_key = *secret;
  credentials.session_token = env.GetOr("AWS_SESSION_TOKEN", "");
  credentials.source = "environment";
  return credentials;
}

std::optional<Credentials> CredentialsFromSystemd(const Environment& env) {
  auto directory = env.Get("CREDENTIALS_DIRECTORY");
  if (!directory) return std::nullopt;
  auto key = ReadTrimmedFile(*directory + "/aws_access_key_id");
  auto secret = ReadTrimmedFile(*directory + "/aws_secret_access_key");
  if (!key || !secret || key->empty() || secret->empty()) return std::nullopt;
  Credentials credentials;
  credentials.access_key_id = *key;
  credentials.secret_access_key = *secret;
  credentials.session_token = ReadTrimmedFile(*directory + "/aws_session_token").value_or("");
  credentials.source = "systemd-credentials";
  return credentials;
}

std::optional<Credentials> CredentialsFromProfile(const Profile& profile) {
  auto key = profile.Get("aws_access_key_id");
  auto secret = profile.Get("aws_secret_access_key");
  if (!key || !secret) return std::nullopt;
  Credentials credentials;
  credentials.access_key_id = *key;
  credentials.secret_access_key = *secret;
  credentials.session_token = profile.Get("aws_session_token").value_or("");
  credentials.source = "profile:" + profile.name;
  return credentials;
}

Result<Credentials> CredentialsFromProcessOutput(std::string_view output) {
  auto json = nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
  // Compared as JSON: "Version": "1" (a string) is as wrong as 2, and must not throw.
  if (json.is_object() && !(json.contains("Version") && json["Version"] == 1)) {
    return Malformed("credential_process (Version must be the number 1)");
  }
  return FromJson(json, "SessionToken", "credential_process");
}

Result<Credentials> CredentialsFromImdsDocument(std::string_view document) {
  auto json = nlohmann::json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (json.is_object() && json.contains("Code") && StringField(json, "Code") != "Success") {
    return MakeError(ErrorKind::kAccessDenied,
                     "instance metadata credentials not available: " + StringField(json, "Code"));
  }
  return FromJson(json, "Token", "instance metadata");
}

Result<Credentials> CredentialsFromStsResult(const nlohmann::json& result) {
  if (!result.is_object() || !result.contains("Credentials")) return Malformed("STS");
  return FromJson(result["Credentials"], "SessionToken", "STS");
}

}  // namespace awsr::aws
