#include "daemon/engine/diff.h"

#include <algorithm>
#include <optional>

#include "daemon/engine/tags.h"

namespace awsr::engine {

using nlohmann::json;

std::optional<std::string> ScalarText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (number == static_cast<double>(static_cast<long long>(number))) {
      return std::to_string(static_cast<long long>(number));
    }
    return value.dump();
  }
  return std::nullopt;
}

namespace {

bool SameList(const json& desired, const json& observed) {
  if (!observed.is_array() || desired.size() != observed.size()) return false;
  for (std::size_t i = 0; i < desired.size(); ++i) {
    if (!SameValue(desired[i], observed[i])) return false;
  }
  return true;
}

// Every element has a partner on the other side; duplicates count once, as in AWS's sets.
bool SameSet(const json& desired, const json& observed) {
  if (!desired.is_array() || !observed.is_array()) return SameValue(desired, observed);
  const auto covered = [](const json& from, const json& to, bool from_desired) {
    return std::all_of(from.begin(), from.end(), [&](const json& element) {
      return std::any_of(to.begin(), to.end(), [&](const json& other) {
        return from_desired ? SameValue(element, other) : SameValue(other, element);
      });
    });
  };
  return covered(desired, observed, true) && covered(observed, desired, false);
}

}  // namespace

bool Diff::NeedsReplacement() const {
  return std::any_of(changes.begin(), changes.end(), [](const Change& c) { return c.immutable; });
}

bool Diff::Touches(std::string_view path) const {
  return std::any_of(changes.begin(), changes.end(),
                     [&](const Change& c) { return c.path == path; });
}

bool SameValue(const json& desired, const json& observed) {
  if (desired.is_null()) return true;  // unset: don't care
  if (desired.is_object()) {
    if (!observed.is_object()) return false;
    for (const auto& [key, value] : desired.items()) {
      if (value.is_null()) continue;
      if (!observed.contains(key)) return false;
      if (!SameValue(value, observed[key])) return false;
    }
    return true;
  }
  if (desired.is_array()) return SameList(desired, observed);
  const auto left = ScalarText(desired);
  const auto right = ScalarText(observed);
  return left && right && *left == *right;
}

Diff DiffProperties(const json& desired, const json& observed, const DiffRules& rules) {
  Diff diff;
  if (!desired.is_object()) return diff;
  for (const auto& [key, value] : desired.items()) {
    // What the observation leaves out is unknown, never different: a list that omits a field
    // must not turn a healthy resource into an update, let alone a replacement. A reconciler
    // that knows AWS has no value says so with null.
    if (!observed.is_object() || !observed.contains(key)) continue;
    const json& seen = observed[key];
    bool same = false;
    if (rules.tag_properties.contains(key)) {
      same = TagsFromList(value) == TagsFromList(seen);
    } else if (rules.set_properties.contains(key)) {
      same = SameSet(value, seen.is_null() ? json::array() : seen);
    } else {
      same = SameValue(value, seen);
    }
    if (!same) diff.changes.push_back(Change{"/" + key, value, seen, false});
  }
  return diff;
}

}  // namespace awsr::engine
