// What one observation of a type returns. Resources are shared, not copied: a type that keeps
// what it made of an unchanged item (kit::ObservedMemo) hands the same resource to the engine,
// whose index then holds that one copy and knows it unchanged without comparing it.
//
// Read through const references; MutableAt gives a resource of the list's own, copying it first
// when anyone else shares it. A type that makes its resources afresh returns a plain vector.
#pragma once

#include <boost/iterator/indirect_iterator.hpp>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <vector>

#include "daemon/engine/observed_resource.h"

namespace awsr::engine {

// Held by the observation memo, the index and the lists alike, and never changed once shared:
// only ObservedList::MutableAt changes one, after copying it if anyone else holds it.
using SharedObserved = std::shared_ptr<ObservedResource>;

class ObservedList {
 public:
  using const_iterator = boost::indirect_iterator<std::vector<SharedObserved>::const_iterator>;

  ObservedList() = default;
  // Implicit: what a type made afresh, as a type's ObserveAll returns it.
  ObservedList(std::vector<ObservedResource> resources);  // NOLINT(google-explicit-constructor)
  ObservedList(std::initializer_list<ObservedResource> resources)
      : ObservedList(std::vector<ObservedResource>(resources)) {}
  explicit ObservedList(std::vector<SharedObserved> shared) : resources_(std::move(shared)) {}

  const_iterator begin() const { return resources_.begin(); }
  const_iterator end() const { return resources_.end(); }
  std::size_t size() const { return resources_.size(); }
  bool empty() const { return resources_.empty(); }
  const ObservedResource& operator[](std::size_t i) const { return *resources_[i]; }
  const ObservedResource& front() const { return *resources_.front(); }
  const SharedObserved& Shared(std::size_t i) const { return resources_[i]; }

  // The resource at `i`, the list's own: copied first when it is shared.
  ObservedResource& MutableAt(std::size_t i);
  // Puts another resource at `i` (one kept from an earlier change: DerivedObserved).
  void Set(std::size_t i, SharedObserved resource) { resources_[i] = std::move(resource); }
  void push_back(ObservedResource resource);
  void push_back(SharedObserved resource) { resources_.push_back(std::move(resource)); }
  template <typename Predicate>
  void EraseIf(Predicate drop) {
    std::erase_if(resources_, [&](const SharedObserved& resource) { return drop(*resource); });
  }
  // Copies, for a caller that wants values it can change.
  std::vector<ObservedResource> Copies() const;

 private:
  std::vector<SharedObserved> resources_;
};

SharedObserved ShareObserved(ObservedResource resource);

}  // namespace awsr::engine
