#include "daemon/engine/registry.h"

#include <stdexcept>

namespace awsr::engine {

void Registry::Add(std::unique_ptr<Reconciler> reconciler, std::shared_ptr<Ownership> ownership) {
  if (!ownership) throw std::logic_error(std::string(reconciler->Type()) + " has no ownership");
  std::string type(reconciler->Type());
  types_[type] = Entry{std::move(reconciler), std::move(ownership)};
}

Reconciler* Registry::Find(std::string_view type) const {
  const auto found = types_.find(type);
  return found == types_.end() ? nullptr : found->second.reconciler.get();
}

Ownership& Registry::OwnershipOf(std::string_view type) const {
  const auto found = types_.find(type);
  if (found == types_.end()) throw std::logic_error("no type " + std::string(type));
  return *found->second.ownership;
}

std::set<std::string> Registry::Types() const {
  std::set<std::string> types;
  for (const auto& [type, entry] : types_) types.insert(type);
  return types;
}

}  // namespace awsr::engine
