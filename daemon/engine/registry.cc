#include "daemon/engine/registry.h"

namespace awsr::engine {

void Registry::Add(std::unique_ptr<Reconciler> reconciler) {
  std::string type(reconciler->Type());
  reconcilers_[type] = std::move(reconciler);
}

Reconciler* Registry::Find(std::string_view type) const {
  const auto found = reconcilers_.find(type);
  return found == reconcilers_.end() ? nullptr : found->second.get();
}

std::set<std::string> Registry::Types() const {
  std::set<std::string> types;
  for (const auto& [type, reconciler] : reconcilers_) types.insert(type);
  return types;
}

}  // namespace awsr::engine
