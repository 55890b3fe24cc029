// Where a type keeps its tags — the daemon's ownership tags and the user's Tags — registered
// with the type beside its reconciler. Most types carry tags themselves; those that cannot
// keep them elsewhere: a claim tag on a parent (EC2 routes and associations), or a ledger in
// the state directory (IAM groups). The engine adopts, releases and corrects user Tags only
// through this interface, so a reconciler never handles tags after creation.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "daemon/engine/reconciler.h"

namespace awsr::engine {

class Ownership {
 public:
  virtual ~Ownership() = default;

  // Sets the tags in `set` (new keys or new values) and removes the keys in `remove` on the
  // resource AWS knows as `observed`. No call when both are empty. Idempotent.
  virtual Task<void> Retag(ObservedResource observed, TagMap set,
                           std::vector<std::string> remove) = 0;
};

// An update as the engine applies it: the user's Tags through `ownership`, everything else
// through the reconciler, which is not called when only Tags changed.
Task<void> ApplyUpdate(Reconciler& reconciler, Ownership& ownership, DesiredResource desired,
                       ObservedResource observed, Diff diff);

}  // namespace awsr::engine
