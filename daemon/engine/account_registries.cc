#include "daemon/engine/account_registries.h"

namespace awsr::engine {

AccountRegistries::AccountRegistries(const Registry& own, Factory factory)
    : own_(own), factory_(std::move(factory)) {}

void AccountRegistries::Know(const config::AccountTarget& target) {
  if (!target.IsDefault()) known_.try_emplace(target.role_arn, target);
}

const Registry& AccountRegistries::For(const std::string& role_arn) const {
  if (role_arn.empty()) return own_;
  auto found = built_.find(role_arn);
  if (found == built_.end()) {
    // A role only the status file remembers (its file is gone) is assumed without ExternalId.
    const auto known = known_.find(role_arn);
    const config::AccountTarget target =
        known != known_.end() ? known->second : config::AccountTarget{role_arn, "", ""};
    std::unique_ptr<Registry> made = factory_ ? factory_(target) : nullptr;
    found = built_.emplace(role_arn, made ? std::move(made) : std::make_unique<Registry>()).first;
  }
  return *found->second;
}

}  // namespace awsr::engine
