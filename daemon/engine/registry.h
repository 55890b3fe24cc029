// Which reconciler handles which CloudFormation type, and where that type keeps its tags.
// Filled by the composition root only.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "daemon/engine/ownership.h"
#include "daemon/engine/reconciler.h"

namespace awsr::engine {

class Registry {
 public:
  // Several types may share one ownership (every tagged EC2 type uses the same CreateTags).
  void Add(std::unique_ptr<Reconciler> reconciler, std::shared_ptr<Ownership> ownership);
  Reconciler* Find(std::string_view type) const;
  // The ownership registered with a type that Find knows.
  Ownership& OwnershipOf(std::string_view type) const;
  // The supported types: the validator accepts exactly these.
  std::set<std::string> Types() const;

 private:
  struct Entry {
    std::unique_ptr<Reconciler> reconciler;
    std::shared_ptr<Ownership> ownership;
  };
  std::map<std::string, Entry, std::less<>> types_;
};

}  // namespace awsr::engine
