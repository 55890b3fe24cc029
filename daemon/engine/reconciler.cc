#include "daemon/engine/reconciler.h"

namespace awsr::engine {

std::string ObservedResource::Tag(std::string_view key) const {
  const auto found = tags.find(std::string(key));
  return found == tags.end() ? std::string() : found->second;
}

}  // namespace awsr::engine
