#include "daemon/engine/observed_list.h"

namespace awsr::engine {

SharedObserved ShareObserved(ObservedResource resource) {
  return std::make_shared<ObservedResource>(std::move(resource));
}

ObservedList::ObservedList(std::vector<ObservedResource> resources) {
  resources_.reserve(resources.size());
  for (ObservedResource& resource : resources) push_back(std::move(resource));
}

void ObservedList::push_back(ObservedResource resource) {
  resources_.push_back(ShareObserved(std::move(resource)));
}

ObservedResource& ObservedList::MutableAt(std::size_t i) {
  // The daemon runs on one thread: a count of one stays one while the caller changes it.
  if (resources_[i].use_count() > 1) resources_[i] = ShareObserved(*resources_[i]);
  return *resources_[i];
}

std::vector<ObservedResource> ObservedList::Copies() const { return {begin(), end()}; }

}  // namespace awsr::engine
