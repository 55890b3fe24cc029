#include "reconcilers/kit/write_only.h"

#include "daemon/base/crypto.h"
#include "reconcilers/kit/dynamic_references.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::kit {

using nlohmann::json;

std::set<std::string> WriteOnly::In(const engine::DesiredResource& desired) const {
  std::set<std::string> found;
  for (const auto& [name, value] : desired.properties.items()) {
    if (always_.contains(name) || HasDynamicReference(value)) found.insert(name);
  }
  return found;
}

std::string WriteOnly::Stamp(const engine::DesiredResource& desired) const {
  const std::set<std::string> names = In(desired);
  if (names.empty()) return "";
  // Salted with the resource, so equal passwords of two resources stamp differently.
  std::string text = desired.logical_id + "\n";
  for (const auto& name : names) text += name + "=" + desired.properties[name].dump() + "\n";
  return Sha256Hex(text).substr(0, 32);
}

engine::TagMap WriteOnly::CreationTags(const engine::DesiredResource& desired) const {
  engine::TagMap tags = kit::CreationTags(desired);
  if (std::string stamp = Stamp(desired); !stamp.empty())
    tags[std::string(kWriteOnlyTag)] = std::move(stamp);
  return tags;
}

json WriteOnly::CreationTagList(const engine::DesiredResource& desired) const {
  return engine::TagList(CreationTags(desired));
}

json WriteOnly::Without(const engine::DesiredResource& desired) const {
  json shown = desired.properties;
  for (const auto& name : In(desired)) shown.erase(name);
  return shown;
}

engine::Diff WriteOnly::Compare(const engine::DesiredResource& desired,
                                const engine::ObservedResource& observed,
                                const engine::DiffRules& rules) const {
  engine::Diff diff = engine::DiffProperties(Without(desired), observed.properties, rules);
  const std::string applied = observed.Tag(kWriteOnlyTag);
  if (applied == Stamp(desired)) return diff;
  for (const auto& name : In(desired)) {
    diff.changes.push_back({.path = "/" + name,
                            .desired = "(write-only: changed in the file)",
                            .observed = applied.empty() ? json() : json("(write-only)")});
  }
  return diff;
}

}  // namespace awsr::reconcilers::kit
