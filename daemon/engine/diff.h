// Field-level differences between a desired and an observed resource. Pure.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace awsr::engine {

struct Change {
  std::string path;  // JSON pointer into Properties: "/CidrBlock", "/Tags"
  nlohmann::json desired;
  nlohmann::json observed;  // null when AWS has no value
  bool immutable = false;   // changing it needs a replacement (set by the engine from the schema)

  bool operator==(const Change&) const = default;
};

struct Diff {
  std::vector<Change> changes;
  bool empty() const { return changes.empty(); }
  bool NeedsReplacement() const;
  // Whether any change is at `path` (a top-level property, "/Tags").
  bool Touches(std::string_view path) const;
};

struct DiffRules {
  // Top-level properties whose lists are sets in AWS (rules, ids): order does not matter.
  std::set<std::string> set_properties;
  // Top-level properties holding [{Key, Value}] tag lists: compared as maps.
  std::set<std::string> tag_properties = {"Tags"};
};

// Compares every property the desired side sets against the observed side. Scalars compare
// loosely as CloudFormation does ("5439" equals 5439, "true" equals true); objects compare
// member by member, only on members the desired side sets. A top-level property the observed
// side lacks is unknown and never a change; null there means AWS has no value.
Diff DiffProperties(const nlohmann::json& desired, const nlohmann::json& observed,
                    const DiffRules& rules = {});

// Whether two values mean the same under the loose comparison of DiffProperties.
bool SameValue(const nlohmann::json& desired, const nlohmann::json& observed);

// A scalar as CloudFormation reads it: numbers and booleans also as text ("5439", "true");
// nothing for objects, arrays and null.
std::optional<std::string> ScalarText(const nlohmann::json& value);

}  // namespace awsr::engine
