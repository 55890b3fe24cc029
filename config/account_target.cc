#include "config/account_target.h"

#include <algorithm>
#include <cctype>

namespace awsr::config {
namespace {

// STS's pattern for ExternalId and RoleSessionName ([\w+=,.@:/-]*; session names without ':'
// and '/'), with their length limits from the STS API reference.
bool StsText(std::string_view text, std::string_view extra) {
  return std::all_of(text.begin(), text.end(), [&](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' ||
           std::string_view("+=,.@-").find(c) != std::string_view::npos ||
           extra.find(c) != std::string_view::npos;
  });
}

// IAM role names and paths: [\w+=,.@-], paths separated by '/'.
bool RoleNameAndPath(std::string_view text) {
  if (text.empty() || text.front() == '/' || text.back() == '/') return false;
  return StsText(text, "/");
}

bool Partition(std::string_view partition) {
  return partition == "aws" || partition == "aws-cn" || partition == "aws-us-gov";
}

}  // namespace

std::string AccountTarget::SessionName() const {
  return session_name.empty() ? std::string(kDefaultRoleSessionName) : session_name;
}

std::string AccountOfRole(std::string_view role_arn) {
  // arn:PARTITION:iam::ACCOUNT:role/NAME — IAM is global: the region field is empty.
  constexpr std::string_view kRolePrefix = "role/";
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t colon = role_arn.find(':', start);
    if (colon == std::string_view::npos) return "";
    parts.push_back(role_arn.substr(start, colon - start));
    start = colon + 1;
  }
  const std::string_view resource = role_arn.substr(start);
  const std::string_view account = parts[4];
  const bool well_formed = parts[0] == "arn" && Partition(parts[1]) && parts[2] == "iam" &&
                           parts[3].empty() && account.size() == 12 &&
                           std::all_of(account.begin(), account.end(),
                                       [](unsigned char c) { return std::isdigit(c); }) &&
                           resource.starts_with(kRolePrefix) && resource.size() <= 2048 &&
                           RoleNameAndPath(resource.substr(kRolePrefix.size()));
  return well_formed ? std::string(account) : "";
}

AccountTarget ReadAccountTarget(const nlohmann::json& document,
                                std::vector<std::pair<std::string, std::string>>& problems) {
  AccountTarget target;
  const auto text = [&](const char* key) -> std::string {
    if (!document.contains(key)) return "";
    const nlohmann::json& value = document[key];
    if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
      problems.emplace_back(std::string("/") + key, "expected a non-empty string");
      return "";
    }
    return value.get<std::string>();
  };
  target.role_arn = text("RoleArn");
  target.external_id = text("ExternalId");
  target.session_name = text("RoleSessionName");
  if (!target.role_arn.empty() && AccountOfRole(target.role_arn).empty()) {
    problems.emplace_back("/RoleArn", "\"" + target.role_arn +
                                          "\" is not an IAM role ARN: expected "
                                          "arn:aws:iam::<12-digit account>:role/<name>");
  }
  if (!target.external_id.empty() &&
      (target.external_id.size() < 2 || target.external_id.size() > 1224 ||
       !StsText(target.external_id, ":/"))) {
    problems.emplace_back("/ExternalId",
                          "must be 2 to 1224 letters, digits or the characters +=,.@:/-_");
  }
  if (!target.session_name.empty() &&
      (target.session_name.size() < 2 || target.session_name.size() > 64 ||
       !StsText(target.session_name, ""))) {
    problems.emplace_back("/RoleSessionName",
                          "must be 2 to 64 letters, digits or the characters +=,.@-_");
  }
  if (!document.contains("RoleArn")) {
    for (const char* key : {"ExternalId", "RoleSessionName"}) {
      if (document.contains(key)) {
        problems.emplace_back(std::string("/") + key, std::string(key) + " needs RoleArn");
      }
    }
  }
  return target;
}

}  // namespace awsr::config
