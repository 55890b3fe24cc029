// How the engine plans one desired resource in a pass: never blind (its type observed), never
// before its backoff, never a create of a resource it knew without looking it up first, nor
// of one a file lets adopt without looking for its look-alike by the key its references make.
#include <stdexcept>

#include "daemon/base/log.h"
#include "daemon/engine/engine.h"

namespace awsr::engine {
namespace asio = boost::asio;
namespace {

// A status a pass that found the resource in sync left, untouched since.
bool StillInSync(const ResourceStatus* status) {
  return status != nullptr &&
         (status->state == ResourceState::kReady || status->state == ResourceState::kObserveOnly) &&
         !status->next_attempt_at() && !status->last_error() && !status->create_pending_since();
}

}  // namespace

std::optional<Action> Engine::PlanPass(const std::string& id, const std::set<TypeRegion>& failed) {
  auto decl = desired_.find(id);
  if (decl == desired_.end()) return std::nullopt;
  // Nothing any pass reads moved since this one's last found it in sync, and its status still
  // says so: the plan would be "in sync" again. Not planned, its status not touched (not
  // saved), its inputs not even taken.
  const InputsStamp stamp{observed_.Generation(), inputs_generation_};
  InSyncEntry* const memo = records_.InSync(id);
  if (failed.empty() && memo != nullptr && memo->stamp == stamp &&
      StillInSync(store_.Find(id))) {
    ++passes_in_sync_by_stamp_;
    return std::nullopt;
  }
  const PlanContext context = MakePlanContext();
  Reconciler* reconciler = RegistryOf(decl->second->account->role_arn).Find(decl->second->type);
  const TypeRegion where = WhereOf(*decl->second, context);
  std::optional<Fingerprint> inputs;
  if (reconciler != nullptr && !failed.contains(where) && observed_.Has(where)) {
    inputs = PassInputs(id, where, context);
    // What it reads is as it was when it was found in sync: the same, from its fingerprints.
    if (memo != nullptr && memo->inputs == *inputs && StillInSync(store_.Find(id))) {
      memo->stamp = stamp;
      return std::nullopt;
    }
  }
  records_.ForgetInSync(id);
  ResourceStatus& status = store_.At(id);
  status.type = decl->second->type;
  status.region = RegionOf(*decl->second, context);
  status.role_arn = decl->second->account->role_arn;
  status.account = status.role_arn.empty() ? account_id_ : config::AccountOfRole(status.role_arn);
  status.file = decl->second->file;
  status.dependencies = decl->second->Dependencies();
  status.deletion_policy = config::ToString(decl->second->deletion_policy);
  if (reconciler == nullptr) {
    SetState(status, ResourceState::kError, "no reconciler for " + status.type.str());
    return std::nullopt;
  }
  if (failed.contains(where) || !observed_.Has(where)) {
    // Never act blind; look again on the resource's own backoff, not at the next poll.
    const std::string in =
        status.region.str() + (status.role_arn.empty() ? "" : " as " + status.role_arn.str());
    const std::string why = failed.contains(where)
                                ? "observing " + status.type.str() + " in " + in + " failed"
                                : status.type.str() + " in " + in + " was not observed yet";
    SetState(status, ResourceState::kError, why + "; not acting blind");
    ScheduleRetry(id, status);
    return std::nullopt;
  }
  const OptionalTime retry_at = status.next_attempt_at();
  if (retry_at && *retry_at > context.now && !forced_.contains(id)) {
    // Backing off: the retry is due then, also after a restart (the time is in status.json),
    // and never later than the backoff's cap from now.
    RequeueAt(id, std::min(*retry_at, context.now + BackoffCap()));
    return std::nullopt;
  }
  Action action =
      PlanDesired(*decl->second, *reconciler, desired_, observed_, &status, catalog_, context);
  if (!action.desired.logical_id.empty()) {
    SetIdentityKey(id, reconciler->IdentityKey(action.desired));
  }
  if (action.kind == ActionKind::kNone && inputs) records_.RecordInSync(id, *inputs, stamp);
  return action;
}

std::optional<Fingerprint> Engine::OwnedFingerprint(const TypeRegion& where,
                                                    const std::string& logical_id) const {
  const ObservedResource* owned = observed_.FindOwned(where, logical_id);
  if (owned == nullptr) return std::nullopt;
  return observed_.FingerprintOf(where, owned->physical_id);
}

Fingerprint Engine::PassInputs(const std::string& id, const TypeRegion& where,
                               const PlanContext& context) const {
  FingerprintBuilder builder;
  // Every declaration in force has its fingerprint (SetDesired takes it).
  const ResourceRecord* record = records_.Find(id);
  if (record == nullptr || record->declaration() == nullptr) {
    throw std::logic_error("no declaration fingerprint for " + id);
  }
  const Fingerprint& declaration = *record->declaration();
  builder.Add(declaration).Add(context.owner).Add(context.default_region);
  builder.Add(context.account_id).Add(OwnedFingerprint(where, id));
  // What a reference resolves to (Ref, Fn::GetAtt) lives in the referenced observed item.
  for (const auto& dependency : desired_.at(id).Dependencies()) {
    builder.Add(dependency);
    const auto referenced = desired_.find(dependency);
    if (referenced == desired_.end()) {
      builder.Add(std::nullopt);
      continue;
    }
    builder.Add(OwnedFingerprint(WhereOf(*referenced->second, context), dependency));
  }
  return builder.Done();
}

bool Engine::MayWrite(const std::string& id) const {
  const auto decl = desired_.find(id);
  return settings_.mode == config::Mode::kApply && decl != desired_.end() &&
         decl->second->management_policy == config::ManagementPolicy::kFull;
}

asio::awaitable<void> Engine::ConfirmMissing(std::vector<Action>& actions) {
  TaskGroup group(executor_);
  for (Action& action : actions) {
    if (action.kind != ActionKind::kCreate || !MayWrite(action.logical_id)) continue;
    const ResourceStatus* status = store_.Find(action.logical_id);
    const bool remembered = status != nullptr && !status->physical_id.empty() &&
                            status->state != ResourceState::kDeleted;
    // A file's AdoptId points at a resource the bulk list (ours only) cannot show.
    const std::string& adopt_id = desired_.at(action.logical_id).AdoptId();
    if (remembered) {
      group.Spawn(LookUpRemembered(&action, status->physical_id));
    } else if (!adopt_id.empty()) {
      group.Spawn(LookUpRemembered(&action, adopt_id, true));
    }
  }
  co_await group.Wait();
  co_await LookForLookalikes(actions);
}

asio::awaitable<void> Engine::LookForLookalikes(std::vector<Action>& actions) {
  std::map<TypeRegion, std::vector<Action*>> creates;
  for (Action& action : actions) {
    if (action.kind != ActionKind::kCreate || !MayWrite(action.logical_id)) continue;
    const config::ResourceDecl& decl = desired_.at(action.logical_id);
    if (decl.adopt_policy == config::AdoptPolicy::kAdopt && decl.AdoptId().empty()) {
      creates[action.where].push_back(&action);
    }
  }
  TaskGroup group(executor_);
  for (auto& [where, batch] : creates) group.Spawn(LookForLookalikesIn(where, std::move(batch)));
  co_await group.Wait();
}

asio::awaitable<void> Engine::LookForLookalikesIn(TypeRegion where, std::vector<Action*> creates) {
  Reconciler& reconciler = *RegistryOf(where.role_arn).Find(where.type);
  ObserveScope scope{where.region, settings_.owner, {}, {}, {}};
  std::set<std::string> keys;
  for (const Action* action : creates) {
    keys.insert(scope.identity_keys.emplace_back(reconciler.IdentityKey(action->desired)));
    for (std::string& property : desired_.at(action->logical_id).properties.Keys()) {
      scope.properties_in_use.insert(std::move(property));
    }
  }
  Result<ObservedList> found = MakeError(ErrorKind::kInternal, "not run");
  try {
    const AsyncSemaphore::Permit permit =
        co_await ServiceLimit(where.role_arn, reconciler.Service()).Acquire();
    found = co_await reconciler.ObserveAll(std::move(scope));
  } catch (const std::exception& e) {
    found = MakeError(ErrorKind::kTransient, std::string("observe threw: ") + e.what());
  }
  ++progress_;
  if (!found) {
    // Unknown whether a look-alike exists: not created blind; retried on the backoff.
    Error failure = found.error();
    if (failure.context.empty()) failure.context = "looking for a look-alike to adopt";
    for (Action* action : creates) {
      RecordFailure(*action, store_.At(action->logical_id), failure);
      action->kind = ActionKind::kNone;
      action->logical_id.clear();
    }
    co_return;
  }
  bool put = false;
  for (std::size_t i = 0; i < found->size(); ++i) {
    const ObservedResource& resource = (*found)[i];
    // Ours and those we released are in every observation already: only look-alikes are new.
    if (!keys.contains(resource.identity_key) || observed_.IsOurs(resource) ||
        observed_.IsReleasedByUs(resource) ||
        observed_.Find(where, resource.physical_id) != nullptr) {
      continue;
    }
    log::Info({.type = where.type, .action = "lookup"}, "{} in {} is a look-alike ({})",
              resource.physical_id, where.region, resource.identity_key);
    observed_.Put(where, found->Shared(i));
    put = true;
  }
  if (!put) co_return;
  const PlanContext context = MakePlanContext();
  for (Action* action : creates) {
    *action = PlanDesired(desired_.at(action->logical_id), reconciler, desired_, observed_,
                          store_.Find(action->logical_id), catalog_, context);
  }
}

asio::awaitable<void> Engine::LookUpRemembered(Action* action, std::string physical_id,
                                               bool adopting) {
  Reconciler& reconciler = *RegistryOf(action->where.role_arn).Find(action->where.type);
  Result<std::optional<ObservedResource>> found = MakeError(ErrorKind::kInternal, "not run");
  try {
    const AsyncSemaphore::Permit permit =
        co_await ServiceLimit(action->where.role_arn, reconciler.Service()).Acquire();
    found = co_await reconciler.Lookup(physical_id, action->where.region);
  } catch (const std::exception& e) {
    found = MakeError(ErrorKind::kTransient, std::string("the lookup threw: ") + e.what());
  }
  ++progress_;
  if (!found) {
    // Unknown whether it exists: not created blind; retried on the resource's backoff.
    RecordFailure(*action, store_.At(action->logical_id), found.error());
    action->kind = ActionKind::kNone;
    action->logical_id.clear();
    co_return;
  }
  if (!*found && adopting) {
    RecordFailure(*action, store_.At(action->logical_id),
                  MakeError(ErrorKind::kInvalidSpec,
                            "AdoptId " + physical_id + ": AWS has no such " + action->where.type +
                                " in " + action->where.region + "; nothing is created for it"));
    action->kind = ActionKind::kNone;
    action->logical_id.clear();
    co_return;
  }
  if (!*found) {
    store_.At(action->logical_id).physical_id.clear();  // gone: the create goes ahead
    co_return;
  }
  // Still there: the bulk list lagged (or our tags were taken off). Plan again with it.
  ObservedResource resource = std::move(**found);
  log::Info({.resource = action->logical_id, .type = action->where.type, .action = "lookup"},
            "{} is missing from the list but exists", resource.physical_id);
  if (!observed_.IsOurs(resource) && !observed_.IsReleasedByUs(resource)) {
    resource.identity_key = reconciler.IdentityKey(action->desired);
  }
  observed_.Put(action->where, std::move(resource));
  const auto decl = desired_.find(action->logical_id);
  *action = PlanDesired(*decl->second, reconciler, desired_, observed_,
                        store_.Find(action->logical_id), catalog_, MakePlanContext());
}

}  // namespace awsr::engine
