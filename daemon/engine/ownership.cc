#include "daemon/engine/ownership.h"

#include "daemon/engine/tags.h"

namespace awsr::engine {

Task<void> ApplyUpdate(Reconciler& reconciler, Ownership& ownership, DesiredResource desired,
                       ObservedResource observed, Diff diff) {
  Diff rest;
  bool tags_changed = false;
  for (Change& change : diff.changes) {
    if (change.path == "/Tags") {
      tags_changed = true;
    } else {
      rest.changes.push_back(std::move(change));
    }
  }
  if (tags_changed) {
    TagChanges changes =
        UserTagChanges(desired.properties.value("Tags", nlohmann::json::array()), observed.tags);
    auto tagged =
        co_await ownership.Retag(observed, std::move(changes.set), std::move(changes.remove));
    if (!tagged) co_return tagged;
  }
  if (rest.empty()) co_return Result<void>();
  co_return co_await reconciler.Update(std::move(desired), std::move(observed), std::move(rest));
}

}  // namespace awsr::engine
