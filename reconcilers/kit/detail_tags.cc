#include "reconcilers/kit/detail_tags.h"

#include <set>

namespace awsr::reconcilers::kit {

std::vector<engine::ObservedResource> NamedOrRemembered(std::vector<engine::ObservedResource> all,
                                                        const engine::ObserveScope& scope) {
  if (scope.everything) {
    for (engine::ObservedResource& resource : all) resource.tags_unknown = true;
    return all;
  }
  const std::set<std::string> named(scope.identity_keys.begin(), scope.identity_keys.end());
  const std::set<std::string> remembered(scope.remembered_ids.begin(), scope.remembered_ids.end());
  std::erase_if(all, [&](const engine::ObservedResource& resource) {
    return !named.contains(resource.identity_key) && !remembered.contains(resource.physical_id);
  });
  for (engine::ObservedResource& resource : all) resource.tags_unknown = true;
  return all;
}

}  // namespace awsr::reconcilers::kit
