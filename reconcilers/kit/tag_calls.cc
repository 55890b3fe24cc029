#include "reconcilers/kit/tag_calls.h"

#include "reconcilers/kit/calls.h"

namespace awsr::reconcilers::kit {

engine::Task<void> TagCalls::Retag(engine::ObservedResource observed, engine::TagMap set,
                                   std::vector<std::string> remove) {
  if (!set.empty()) {
    auto tagged = co_await CallForEffect(client_, set_(observed, set));
    if (!tagged) co_return tagged;
  }
  if (!remove.empty()) {
    auto untagged = co_await CallForEffect(client_, remove_(observed, remove));
    if (!untagged) co_return untagged;
  }
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::kit
