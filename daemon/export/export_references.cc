#include "daemon/export/export_references.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace awsr::exporting {
namespace {

using nlohmann::json;

// An EC2-style ID ("vpc-0abc1234", "sg-0123abcd") or an ARN: never mistaken for a plain value.
bool IsDistinctiveId(std::string_view text) {
  if (text.starts_with("arn:")) return true;
  const auto dash = text.find('-');
  if (dash == std::string_view::npos || dash == 0) return false;
  const std::string_view prefix = text.substr(0, dash);
  const std::string_view rest = text.substr(dash + 1);
  const auto lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  return rest.size() >= 8 && std::all_of(prefix.begin(), prefix.end(), lower) &&
         std::all_of(rest.begin(), rest.end(), hex);
}

// Members that hold a resource's name (IAM principals, a bucket, a Lambda function), where a
// plain name refers.
constexpr std::array<std::string_view, 9> kNameMembers = {
    "Users", "Groups", "Roles", "UserName", "GroupName", "RoleName", "Bucket", "Role",
    "FunctionName"};

bool HoldsNames(std::string_view key) {
  return std::find(kNameMembers.begin(), kNameMembers.end(), key) != kNameMembers.end();
}

}  // namespace

void ExportReferences::AddTarget(const std::string& logical_id,
                                 const engine::ObservedResource& observed) {
  by_physical_id_.emplace(observed.physical_id, logical_id);
  for (const auto& [attribute, value] : observed.attributes) {
    if (value.is_string() && value.get<std::string>().starts_with("arn:"))
      by_arn_.emplace(value.get<std::string>(), std::pair(logical_id, attribute));
  }
}

void ExportReferences::Rewrite(const std::string& logical_id, json& properties,
                               const config::TypeSchema& schema) {
  for (auto& [name, value] : properties.items()) {
    const auto found = schema.properties.find(name);
    if (name == "Tags" || found == schema.properties.end() ||
        found->second.shape.kind == config::ValueKind::kJson)
      continue;
    RewriteValue(logical_id, value, name);
  }
}

std::set<std::string> ExportReferences::TargetsOf(const std::string& logical_id) const {
  const auto found = edges_.find(logical_id);
  return found == edges_.end() ? std::set<std::string>() : found->second;
}

void ExportReferences::RewriteValue(const std::string& from, json& value, std::string_view key) {
  if (value.is_array()) {
    for (json& item : value) RewriteValue(from, item, key);
  } else if (value.is_object()) {
    for (auto& [member, item] : value.items()) RewriteValue(from, item, member);
  } else if (value.is_string()) {
    if (auto reference = ReferenceTo(from, value.get<std::string>(), key))
      value = std::move(*reference);
  }
}

std::optional<json> ExportReferences::ReferenceTo(const std::string& from, const std::string& text,
                                                  std::string_view key) {
  std::string target;
  json reference;
  if (const auto by_id = by_physical_id_.find(text);
      by_id != by_physical_id_.end() && (IsDistinctiveId(text) || HoldsNames(key))) {
    target = by_id->second;
    reference = {{"Ref", target}};
  } else if (const auto by_arn = by_arn_.find(text); by_arn != by_arn_.end()) {
    target = by_arn->second.first;
    reference = {{"Fn::GetAtt", json::array({target, by_arn->second.second})}};
  } else {
    return std::nullopt;
  }
  if (target == from || Reaches(target, from)) return std::nullopt;
  edges_[from].insert(target);
  return reference;
}

bool ExportReferences::Reaches(const std::string& from, const std::string& to) const {
  std::set<std::string> seen;
  std::vector<std::string> pending = {from};
  while (!pending.empty()) {
    const std::string at = std::move(pending.back());
    pending.pop_back();
    if (at == to) return true;
    if (!seen.insert(at).second) continue;
    const auto next = edges_.find(at);
    if (next != edges_.end()) pending.insert(pending.end(), next->second.begin(), next->second.end());
  }
  return false;
}

}  // namespace awsr::exporting
