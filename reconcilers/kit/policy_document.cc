#include "reconcilers/kit/policy_document.h"

#include <algorithm>
#include <string_view>

#include "daemon/aws/uri_encoding.h"

namespace awsr::reconcilers::kit {
namespace {

using nlohmann::json;

// Scalars as IAM reads them: every condition value and list element is a string.
std::string ScalarText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

std::string Lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// A string or a list of strings as a sorted list without duplicates.
json SortedList(const json& value, bool lower_case = false) {
  std::vector<std::string> items;
  for (const auto& item : value.is_array() ? value : json::array({value})) {
    std::string text = ScalarText(item);
    items.push_back(lower_case ? Lowered(std::move(text)) : std::move(text));
  }
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

// "*" means every AWS principal; otherwise {"AWS": ..., "Service": ...} with list values.
json CanonicalPrincipal(const json& principal) {
  if (!principal.is_object()) return {{"AWS", SortedList(principal)}};
  json canonical = json::object();
  for (const auto& [kind, value] : principal.items()) canonical[kind] = SortedList(value);
  return canonical;
}

// {"StringEquals": {"aws:SourceVpc": "vpc-1"}}: operators and keys kept, values as lists.
json CanonicalCondition(const json& condition) {
  if (!condition.is_object()) return condition;
  json canonical = json::object();
  for (const auto& [op, tests] : condition.items()) {
    if (!tests.is_object()) {
      canonical[op] = tests;
      continue;
    }
    for (const auto& [key, value] : tests.items()) canonical[op][key] = SortedList(value);
  }
  return canonical;
}

json CanonicalStatement(const json& statement) {
  if (!statement.is_object()) return statement;
  json canonical = json::object();
  for (const auto& [member, value] : statement.items()) {
    if (member == "Sid") continue;
    if (member == "Action" || member == "NotAction") {
      canonical[member] = SortedList(value, true);
    } else if (member == "Resource" || member == "NotResource") {
      canonical[member] = SortedList(value);
    } else if (member == "Principal" || member == "NotPrincipal") {
      canonical[member] = CanonicalPrincipal(value);
    } else if (member == "Condition") {
      canonical[member] = CanonicalCondition(value);
    } else {
      canonical[member] = value;
    }
  }
  return canonical;
}

// Text as a file or AWS gives it: JSON, or URL-encoded JSON.
json Parse(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) parsed = json::parse(aws::PercentDecode(text), nullptr, false);
  return parsed.is_discarded() ? json(text) : parsed;
}

}  // namespace

json Canonical(const json& document) {
  const json parsed = document.is_string() ? Parse(document.get<std::string>()) : document;
  if (!parsed.is_object()) return parsed;
  json canonical = json::object();
  for (const auto& [member, value] : parsed.items()) {
    if (member != "Statement") canonical[member] = value;
  }
  if (!canonical.contains("Version")) canonical["Version"] = kDefaultPolicyVersion;
  json statements = json::array();
  if (const auto found = parsed.find("Statement"); found != parsed.end()) {
    for (const auto& statement : found->is_array() ? *found : json::array({*found})) {
      statements.push_back(CanonicalStatement(statement));
    }
  }
  // Statements are a set: order carries no meaning. Sorted by their text, which is stable
  // because nlohmann's objects keep keys sorted.
  std::sort(statements.begin(), statements.end(),
            [](const json& a, const json& b) { return a.dump() < b.dump(); });
  statements.erase(std::unique(statements.begin(), statements.end()), statements.end());
  canonical["Statement"] = std::move(statements);
  return canonical;
}

std::string CanonicalText(const json& document) { return Canonical(document).dump(); }

bool SamePolicy(const json& left, const json& right) {
  return CanonicalText(left) == CanonicalText(right);
}

std::string WireDocument(const json& document) {
  return document.is_string() ? document.get<std::string>() : document.dump();
}

}  // namespace awsr::reconcilers::kit
