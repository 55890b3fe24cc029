#include "daemon/engine/reconciler.h"

namespace awsr::engine {

std::string ObservedResource::Tag(std::string_view key) const { return TagValue(tags, key); }

const std::string* ObservedResource::FindTag(std::string_view key) const {
  const auto found = tags.find(key);
  return found == tags.end() ? nullptr : &found->second;
}

std::string Reconciler::IdentityKey(const DesiredResource& desired) const {
  return info_.name_property.empty() ? desired.logical_id : desired.name;
}

Diff Reconciler::Compare(const DesiredResource& desired, const ObservedResource& observed) const {
  return DiffProperties(desired.properties, observed.properties);
}

Task<std::optional<ObservedResource>> Reconciler::Lookup(std::string physical_id,
                                                         std::string region) {
  (void)physical_id;
  (void)region;
  co_return std::optional<ObservedResource>();
}

Task<nlohmann::json> Reconciler::ReadDetail(ObservedResource observed, std::string property) {
  (void)observed;
  co_return Result<nlohmann::json>(
      boost::system::in_place_error,
      MakeError(ErrorKind::kInternal,
                std::string(info_.type) + " has no detail read for " + property));
}

Task<void> Reconciler::Update(DesiredResource desired, ObservedResource observed, Diff diff) {
  (void)observed;
  std::string fields;
  for (const Change& change : diff.changes) fields += (fields.empty() ? "" : ", ") + change.path;
  co_return MakeError(ErrorKind::kInvalidSpec, std::string(info_.type) + " " + desired.logical_id +
                                                   ": cannot change " + fields + " in place");
}

}  // namespace awsr::engine
