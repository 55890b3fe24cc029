// The AWS account a desired file targets: its top-level RoleArn (with optional ExternalId and
// RoleSessionName), assumed through STS. A file without RoleArn targets the daemon's own
// credentials' account, exactly as before RoleArn existed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace awsr::config {

struct AccountTarget {
  std::string role_arn;      // empty: the daemon's own credentials
  std::string external_id;   // empty: none sent
  std::string session_name;  // empty: kDefaultRoleSessionName

  bool IsDefault() const { return role_arn.empty(); }
  // The session name AssumeRole is called with.
  std::string SessionName() const;
  friend bool operator==(const AccountTarget&, const AccountTarget&) = default;
};

inline constexpr std::string_view kDefaultRoleSessionName = "awsreconciled";

// The 12-digit account of "arn:PARTITION:iam::ACCOUNT:role/PATH/NAME"; empty when `role_arn`
// is not a well-formed IAM role ARN.
std::string AccountOfRole(std::string_view role_arn);

// A file's RoleArn, ExternalId and RoleSessionName. `problems` gets (JSON pointer, message)
// for each malformed field: a role ARN that is not an IAM role's, an ExternalId or session name
// outside STS's length and character rules, or either of them without RoleArn.
AccountTarget ReadAccountTarget(const nlohmann::json& document,
                                std::vector<std::pair<std::string, std::string>>& problems);

}  // namespace awsr::config
