// Which reconciler handles which CloudFormation type. Filled by the composition root only.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "daemon/engine/reconciler.h"

namespace awsr::engine {

class Registry {
 public:
  void Add(std::unique_ptr<Reconciler> reconciler);
  Reconciler* Find(std::string_view type) const;
  // The supported types: the validator accepts exactly these.
  std::set<std::string> Types() const;

 private:
  std::map<std::string, std::unique_ptr<Reconciler>, std::less<>> reconcilers_;
};

}  // namespace awsr::engine
