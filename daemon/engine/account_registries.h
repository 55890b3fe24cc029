// The reconcilers of each AWS account the files name. The daemon's own account (files without
// RoleArn) uses the registry built at start, exactly as before; each role a file names gets a
// registry of its own, over an AWS client of its own (credentials from STS AssumeRole, request
// pacing and call statistics per account), built the first time the engine needs it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "config/account_target.h"
#include "daemon/engine/registry.h"

namespace awsr::engine {

class AccountRegistries {
 public:
  // Builds the registry of one role's account. Never fails: a role that cannot be assumed
  // fails each call its client makes, so the resources of that account report the error.
  using Factory = std::function<std::unique_ptr<Registry>(const config::AccountTarget&)>;

  // Without a factory (tests), a role's registry is empty: its types have no reconciler.
  AccountRegistries(const Registry& own, Factory factory);

  // What the files in force say about a role (its ExternalId, session name): used when its
  // registry is built. The first target named for a role ARN wins.
  void Know(const config::AccountTarget& target);
  // The registry for the account of `role_arn` ("" = the daemon's own credentials).
  const Registry& For(const std::string& role_arn) const;
  // The roles whose registries are built, by role ARN.
  std::size_t Built() const { return built_.size(); }

 private:
  const Registry& own_;
  Factory factory_;
  std::map<std::string, config::AccountTarget> known_;
  // Built lazily from const lookups (the engine's plan view is const): a cache, not state.
  mutable std::map<std::string, std::unique_ptr<Registry>> built_;
};

}  // namespace awsr::engine
