#include "daemon/engine/engine.h"

#include <algorithm>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/base/heap.h"
#include "daemon/base/log.h"
#include "daemon/engine/backoff.h"
#include "daemon/engine/identity.h"

namespace awsr::engine {
namespace asio = boost::asio;
using nlohmann::json;

void CycleMetrics::Observe(double seconds) {
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts[i];
  }
  sum_seconds += seconds;
  ++count;
}

Engine::Engine(asio::any_io_executor executor, const Registry& registry,
               const config::TypeCatalog& catalog, StatusStore& store, EngineSettings settings,
               AccountIdSource account_id_source, AccountRegistries::Factory account_registries)
    : executor_(executor),
      registry_(registry),
      accounts_(registry, std::move(account_registries)),
      catalog_(catalog),
      store_(store),
      settings_(std::move(settings)),
      account_id_source_(std::move(account_id_source)),
      observed_(settings_.owner),
      wake_(executor),
      global_limit_(executor, settings_.global_concurrency) {}

void Engine::Configure(EngineSettings settings) {
  // Owner and concurrency are fixed for the process: changing them mid-flight would orphan
  // what the old owner created, or resize semaphores with permits out.
  settings.owner = settings_.owner;
  settings.global_concurrency = settings_.global_concurrency;
  settings.per_service_concurrency = settings_.per_service_concurrency;
  settings_ = std::move(settings);
  ++inputs_generation_;
  EnqueueAll();
}

void Engine::SetDesired(config::SharedDeclarations desired) {
  if (desired.SameAs(desired_)) return;
  // Both maps are sorted by ID: one walk over them finds what was added, removed or changed.
  std::set<std::string> changed;
  config::WalkTogether(desired_, desired,
                       [&](const std::string& id, const config::DeclarationRef* before,
                           const config::DeclarationRef* after) {
                         if (before && after && !config::DeclarationChanged(*before, *after)) {
                           return;
                         }
                         // An unchanged declaration's account is known already.
                         if (after != nullptr) accounts_.Know(*(*after)->account);
                         changed.insert(id);
                       });
  const config::SharedDeclarations previous = std::exchange(desired_, std::move(desired));
  observe_groups_ = ObserveGroups();  // sorted again when next asked; the old map is let go
  full_keys_.reset();                 // it points into the old map, and would keep it
  if (changed.empty()) return;
  ++inputs_generation_;
  const PlanContext context = MakePlanContext();
  for (const auto& id : changed) {
    records_.ForgetInSync(id);
    const auto decl = desired_.find(id);
    const auto was = previous.find(id);
    SetDeclaration(id, was == previous.end() ? nullptr : was->second.get(),
                   decl == desired_.end() ? nullptr : decl->second.get());
    EraseIdentityKey(id);
    // Added, edited or removed: read at once, whatever the budget (a removal is decided on the
    // resource's tags as they are now).
    const config::ResourceDecl& latest = decl != desired_.end() ? *decl->second : *was->second;
    MarkDetailsUrgent(id, WhereOf(latest, context));
    keys_pending_.insert(id);
    forced_.insert(id);  // an edit deserves a fresh try, whatever the backoff said
  }
  Wake();
}

// Only for a type with per-resource reads: the set empties as they are made, and the IDs of
// any other type stayed in it for ever (all 10,000 after a start, and every one removed since).
// An ID whose resource is gone before a read is chosen for it stays until it is declared again.
void Engine::MarkDetailsUrgent(const std::string& logical_id, const TypeRegion& where) {
  const Reconciler* reconciler = RegistryOf(where.role_arn).Find(where.type);
  if (reconciler != nullptr && !reconciler->DetailProperties().empty()) {
    details_urgent_.insert(logical_id);
  }
}

void Engine::Enqueue(const std::string& logical_id) {
  records_.ForgetInSync(logical_id);  // asked for by name: planned afresh
  keys_pending_.insert(logical_id);
  forced_.insert(logical_id);
  Wake();
}

void Engine::EnqueueAll() {
  full_pending_ = true;
  Wake();
}

void Engine::ApproveDeletions() {
  // Exactly what is held now: approving when nothing is held arms nothing.
  for (const auto& [id, status] : store_.All()) {
    if (status->state == ResourceState::kHeld) approved_removals_.insert(id);
  }
  EnqueueAll();
}

void Engine::Wake() { wake_.cancel(); }

void Engine::Start() {
  asio::co_spawn(executor_, Loop(), [](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      log::Error({}, "engine stopped by an exception: {}", e.what());
    }
  });
}

void Engine::Stop() {
  stopping_ = true;
  Wake();
}

std::optional<WallClock::time_point> Engine::NextCycleAt() const {
  if (stopping_) return std::nullopt;
  return next_full_at_;
}

asio::awaitable<void> Engine::Loop() {
  while (!stopping_) {
    const auto now = WallClock::now();
    if (now >= next_full_at_) full_pending_ = true;
    for (auto due = requeue_at_.begin(); due != requeue_at_.end();) {
      if (due->second > now) {
        ++due;
        continue;
      }
      keys_pending_.insert(due->first);
      due = requeue_at_.erase(due);
    }
    if (!full_pending_ && keys_pending_.empty()) {
      auto wake_at = next_full_at_;
      for (const auto& [id, when] : requeue_at_) wake_at = std::min(wake_at, when);
      wake_.expires_after(std::max(wake_at - now, WallClock::duration::zero()));
      co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
      ++progress_;  // waiting idle is healthy
      continue;
    }
    Scope scope{full_pending_, std::move(keys_pending_)};
    full_pending_ = false;
    keys_pending_.clear();
    if (scope.full) {
      // ±10% jitter, so daemons sharing an account do not poll in step.
      std::uniform_real_distribution<double> jitter(0.9, 1.1);
      next_full_at_ = now + std::chrono::duration_cast<WallClock::duration>(
                                settings_.poll_interval * jitter(random_));
    }
    in_cycle_ = true;
    co_await RunCycle(std::move(scope));
    in_cycle_ = false;
    ++progress_;
  }
}

void Engine::SetDeclaration(const std::string& id, const config::ResourceDecl* before,
                            const config::ResourceDecl* after) {
  if (before != nullptr) {
    for (const std::string& dependency : before->Dependencies()) {
      records_.RemoveDependent(dependency, id);
    }
  }
  records_.SetDeclaration(id, after == nullptr ? std::nullopt
                                               : std::optional<Fingerprint>(FingerprintOf(*after)));
  if (after == nullptr) return;
  for (const std::string& dependency : after->Dependencies()) records_.AddDependent(dependency, id);
}

std::set<std::string> Engine::WithDependents(const std::set<std::string>& keys) const {
  std::set<std::string> result = keys;
  std::vector<std::string_view> next(keys.begin(), keys.end());
  while (!next.empty()) {
    const StringSet& dependents = records_.DependentsOf(next.back());
    next.pop_back();
    for (const std::string& dependent : dependents) {
      if (result.insert(dependent).second) next.push_back(dependent);
    }
  }
  return result;
}

PlanContext Engine::MakePlanContext() const {
  return PlanContext{settings_.owner, settings_.default_region, account_id_, WallClock::now(),
                     settings_.consistency_grace};
}

std::set<TypeRegion> Engine::TargetsFor(const Scope& scope,
                                        const std::set<std::string>& keys) const {
  const PlanContext context = MakePlanContext();
  std::set<TypeRegion> targets;
  const auto add_known = [&](const std::string& id) {
    if (auto decl = desired_.find(id); decl != desired_.end()) {
      targets.insert(WhereOf(*decl->second, context));
    } else if (const ResourceStatus* status = store_.Find(id); status && !status->type.empty()) {
      targets.insert({status->type, status->region, status->role_arn});
    }
  };
  if (scope.full) {
    for (TypeRegion& where : observe_groups_.DeclaredPlaces(desired_, context.default_region)) {
      targets.insert(std::move(where));
    }
    // And where each status no file declares any more was: both maps are sorted by ID, so one
    // walk over the two finds those without a lookup per ID.
    auto decl = desired_.begin();
    for (const auto& [id, status] : store_.All()) {
      while (decl != desired_.end() && decl->first < id) ++decl;
      if (decl != desired_.end() && decl->first == id) continue;
      if (!status->type.empty()) {
        targets.insert({status->type, status->region, status->role_arn});
      }
    }
    // The first cycle also looks for what a lost state file would have remembered.
    if (cycles_ == 0) {
      for (const auto& type : registry_.Types()) targets.insert({type, settings_.default_region});
    }
  } else {
    for (const auto& id : scope.keys) add_known(id);
    // Never plan blind: observe what the keys depend on, and the types of the dependents the
    // cycle plans with them, if they never were.
    const auto add_unobserved = [&](const std::string& id) {
      auto decl = desired_.find(id);
      if (decl == desired_.end()) return;
      const TypeRegion where = WhereOf(*decl->second, context);
      if (!observed_.Has(where)) targets.insert(where);
    };
    for (const auto& id : keys) {
      add_unobserved(id);
      auto decl = desired_.find(id);
      if (decl == desired_.end()) continue;
      for (const auto& dependency : decl->second->Dependencies()) add_unobserved(dependency);
    }
  }
  std::erase_if(
      targets, [&](const TypeRegion& t) { return RegistryOf(t.role_arn).Find(t.type) == nullptr; });
  return targets;
}

asio::awaitable<void> Engine::RunCycle(Scope scope) {
  const auto started = std::chrono::steady_clock::now();
  if (account_id_.empty() && account_id_source_) {
    auto account = co_await account_id_source_();
    if (account) {
      account_id_ = *account;
      ++inputs_generation_;
    } else {
      log::Warn({}, "cannot learn the account id: {}", account.error().Describe());
    }
  }
  // Every declaration's, kept while the declarations' inputs are unchanged; held here, since a
  // file's change during the cycle may replace the kept one.
  if (scope.full && (!full_keys_ || full_keys_generation_ != inputs_generation_)) {
    full_keys_ = EveryDeclarationInOrder();
    full_keys_generation_ = inputs_generation_;
  }
  const std::shared_ptr<const CycleKeys> cycle =
      scope.full ? full_keys_ : InDependencyOrder(WithDependents(scope.keys));
  const std::set<TypeRegion> targets = TargetsFor(scope, cycle->keys);
  focused_.clear();
  const std::map<TypeRegion, std::set<std::string>> focus =
      scope.full ? std::map<TypeRegion, std::set<std::string>>() : FocusOf(cycle->keys);
  const std::set<TypeRegion> failed = co_await Observe(targets, cycle->Replan(), focus);
  std::set<TypeRegion> observed_now;
  for (const auto& target : targets) {
    if (!failed.contains(target)) observed_now.insert(target);
  }
  // A stop lets what is under way finish, then only saves: nothing new is read or written.
  if (!stopping_) co_await ReadDetails(observed_now);
  if (!stopping_) {
    // A full cycle whose every resource the last one found in sync by its stamp, with nothing
    // moved since, would find each so again: 10,000 lookups for nothing.
    const bool quiet = scope.full && failed.empty() && all_in_sync_ == AllInSyncNow();
    if (!quiet) {
      const std::uint64_t in_sync_before = passes_in_sync_by_stamp_;
      co_await ReconcileDesired(cycle->levels, failed);
      const bool all_by_stamp = passes_in_sync_by_stamp_ - in_sync_before == cycle->Count();
      all_in_sync_.reset();
      if (scope.full && failed.empty() && all_by_stamp) all_in_sync_ = AllInSyncNow();
    }
  }
  if (!stopping_) co_await ReconcileRemovals(scope, observed_now);

  forced_.clear();
  if (auto saved = store_.Save(); !saved) {
    log::Warn({}, "cannot save status: {}", saved.error().message);
  }
  // A cycle builds and drops the whole observation (describe pages, JSON, indexes): give the
  // freed pages back, or RSS keeps the high-water mark of the largest cycle.
  heap::ReturnFreedMemory();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  cycle_metrics_.Observe(seconds);
  last_cycle_at_ = WallClock::now();
  ++cycles_;
  log::Debug({}, "cycle {} ({}): {} resources, {} observations, {:.3f}s", cycles_,
             scope.full ? "full" : "targeted", cycle->Count(), targets.size(), seconds);
}

std::map<TypeRegion, std::set<std::string>> Engine::FocusOf(
    const std::set<std::string>& keys) const {
  const PlanContext context = MakePlanContext();
  std::map<TypeRegion, std::set<std::string>> focus;
  for (const auto& id : keys) {
    if (auto decl = desired_.find(id); decl != desired_.end()) {
      focus[WhereOf(*decl->second, context)].insert(id);
    }
    // Also where a status remembers it: a resource whose file moved it elsewhere, or dropped it.
    if (const ResourceStatus* status = store_.Find(id); status && !status->type.empty()) {
      focus[{status->type, status->region, status->role_arn}].insert(id);
    }
  }
  return focus;
}

asio::awaitable<std::set<TypeRegion>> Engine::Observe(
    std::set<TypeRegion> targets, const std::set<std::string>* replan,
    const std::map<TypeRegion, std::set<std::string>>& focus) {
  std::set<TypeRegion> failed;
  TaskGroup group(executor_);
  for (const auto& target : targets) {
    const auto part = focus.find(target);
    group.Spawn(ObserveOne(target, replan, part == focus.end() ? nullptr : &part->second, failed));
  }
  co_await group.Wait();
  co_return failed;
}

namespace {

// Keeps in `fresh` what the daemon created at `where` and AWS does not list yet (eventual
// consistency), and forgets the pending marker of what it lists now.
void KeepPendingCreates(const TypeRegion& where, const std::vector<std::string>& pending,
                        const ObservedIndex& observed, StatusStore& store, ObservedList& fresh) {
  std::set<std::string> listed_ours;
  std::set<std::string> listed_ids;  // also those whose tags are not read yet
  for (const ObservedResource& resource : fresh) {
    listed_ids.insert(resource.physical_id);
    if (observed.IsOurs(resource)) listed_ours.insert(resource.Tag(kLogicalIdTag));
  }
  for (const std::string& id : pending) {
    const ObservedResource* remembered = observed.FindOwned(where, id);
    if (listed_ours.contains(id) ||
        (remembered != nullptr && listed_ids.contains(remembered->physical_id))) {
      store.At(id).set_create_pending_since(std::nullopt);
    } else if (remembered != nullptr) {
      fresh.push_back(*remembered);
    }
  }
}

}  // namespace

asio::awaitable<void> Engine::ObserveOne(TypeRegion where, const std::set<std::string>* replan,
                                         const std::set<std::string>* focus,
                                         std::set<TypeRegion>& failed) {
  Reconciler* reconciler = RegistryOf(where.role_arn).Find(where.type);
  // A type observed whole before, and able to, is asked only for the cycle's resources; the
  // rest of what it has stays as the last whole observation left it.
  const bool focused = focus != nullptr && reconciler->ObservesFocus() && observed_.Has(where);
  ObserveScope scope{where.region, settings_.owner, {}, {}, {}};
  scope.held_equal = [this, where](const ObservedResource& fresh) {
    return observed_.HeldEqual(where, fresh);
  };
  Focus part;
  if (focused) {
    part.logical_ids = *focus;
    scope.focus.assign(focus->begin(), focus->end());
  }
  // A focused observation is about the focused resources alone (the properties they set
  // decide which details are read, as for look-alikes): it costs them, not the 10,000 others.
  // A whole one costs the statuses and declarations of its own (type, region).
  const auto for_each_status = [&](const auto& visit) {
    if (!focused) {
      for (const auto* entry :
           observe_groups_.StatusesOf(where, store_.All(), store_.Generation())) {
        visit(entry->first, *entry->second);
      }
      return;
    }
    for (const std::string& id : *focus) {
      if (const ResourceStatus* status = store_.Find(id)) visit(id, *status);
    }
  };
  // Only a type whose tags are a detail cannot tell its own resources in its list: it is told
  // what the statuses remember. Any other would be handed 10,000 IDs each cycle for nothing.
  const std::vector<std::string_view> details = reconciler->DetailProperties();
  if (std::ranges::find(details, std::string_view("Tags")) != details.end()) {
    for_each_status([&](const std::string&, const ResourceStatus& status) {
      if (status.type == where.type && status.role_arn == where.role_arn &&
          !status.physical_id.empty()) {
        scope.remembered_ids.push_back(status.physical_id);
      }
    });
  }
  // Identity keys need resolved properties; the latest plan of each desired resource has them.
  // Returns whether the key is the one the resource's last pass, in sync, found.
  const PlanContext context = MakePlanContext();
  const auto add_desired = [&](const std::string& id, const config::ResourceDecl& decl) {
    if (!IsAt(decl, where, context)) return true;
    if (focused) {
      for (std::string& property : decl.properties.Keys()) {
        scope.properties_in_use.insert(std::move(property));
      }
    }
    // A resource its last pass found in sync keeps that pass's key, computed from the same
    // declaration; should what it refers to have moved since, this cycle's plan recomputes it.
    const ResourceRecord* record = records_.Find(id);
    const bool in_sync = record != nullptr && record->in_sync() != nullptr;
    if (const std::string* known = record == nullptr ? nullptr : record->identity_key();
        known != nullptr && (in_sync || (replan != nullptr && !replan->contains(id)))) {
      scope.identity_keys.push_back(*known);
      return in_sync;
    }
    Action planned =
        PlanDesired(decl, *reconciler, desired_, observed_, store_.Find(id), catalog_, context);
    if (!planned.desired.logical_id.empty()) {
      scope.identity_keys.push_back(SetIdentityKey(id, reconciler->IdentityKey(planned.desired)));
    }
    return false;
  };
  if (!focused) {
    scope.properties_in_use =
        observe_groups_.PropertiesAt(where, desired_, context.default_region);
    const ScopeKeysStamp stamp{inputs_generation_, identity_keys_version_,
                                 records_.InSyncMembership()};
    if (const auto kept = scope_keys_.find(where);
        kept != scope_keys_.end() && kept->second.stamp == stamp) {
      scope.identity_keys = kept->second.keys;
    } else {
      bool all_in_sync = true;
      const auto& declarations =
          observe_groups_.DeclarationsAt(where, desired_, context.default_region);
      scope.identity_keys.reserve(declarations.size());  // kept: no spare room
      for (const auto* entry : declarations) {
        all_in_sync = add_desired(entry->first, *entry->second) && all_in_sync;
      }
      // Keys some plan had to work out may change with what they refer to: not kept.
      if (all_in_sync) {
        scope_keys_[where] = {stamp, scope.identity_keys};
      } else {
        scope_keys_.erase(where);
      }
    }
  } else {
    for (const std::string& id : *focus) {
      if (auto decl = desired_.find(id); decl != desired_.end()) add_desired(id, *decl->second);
    }
  }
  if (focused) part.identity_keys.insert(scope.identity_keys.begin(), scope.identity_keys.end());
  Result<ObservedList> resources = MakeError(ErrorKind::kInternal, "not run");
  try {
    const AsyncSemaphore::Permit permit =
        co_await ServiceLimit(where.role_arn, reconciler->Service()).Acquire();
    resources = co_await reconciler->ObserveAll(std::move(scope));
  } catch (const std::exception& e) {
    // A broken reconciler is a failed observation: the type is not acted on blind.
    resources = MakeError(ErrorKind::kInternal, std::string("observe threw: ") + e.what());
  }
  ++progress_;
  if (!resources) {
    failed.insert(where);
    log::Warn({.type = where.type, .action = "observe"}, "observe in {} failed: {}", where.region,
              resources.error().Describe());
    co_return;
  }
  ObservedList fresh = std::move(*resources);
  details_.Apply(where, fresh,
                 focused ? DetailCache::Extent::kFocused : DetailCache::Extent::kWhole);
  std::vector<std::string> pending;  // creates sent, not listed when last looked at
  for_each_status([&](const std::string& id, const ResourceStatus& status) {
    if (status.create_pending_since() && status.type == where.type &&
        status.role_arn == where.role_arn) {
      pending.push_back(id);
    }
  });
  // Only these need what the list holds looked up, and most observations have none (#16).
  if (!pending.empty()) KeepPendingCreates(where, pending, observed_, store_, fresh);
  if (!focused) {
    observed_.Replace(where, std::move(fresh));
    co_return;
  }
  observed_.Merge(where, part, fresh);
  focused_[where] = std::move(part);
}

Engine::AllInSync Engine::AllInSyncNow() const {
  return {observed_.Generation(), inputs_generation_, records_.InSyncMembership(),
          store_.Edits()};
}

const std::string& Engine::SetIdentityKey(const std::string& id, std::string key) {
  const auto [held, moved] = records_.SetIdentityKey(id, std::move(key));
  if (moved) ++identity_keys_version_;
  return held;
}

void Engine::EraseIdentityKey(const std::string& id) {
  if (records_.EraseIdentityKey(id)) ++identity_keys_version_;
}

std::shared_ptr<const Engine::CycleKeys> Engine::InDependencyOrder(
    std::set<std::string> keys) const {
  auto cycle = std::make_shared<CycleKeys>();
  cycle->keys = std::move(keys);
  std::vector<const std::string*> ordered;
  for (const std::string& key : cycle->keys) ordered.push_back(&key);
  cycle->levels = LevelsOf(ordered);
  return cycle;
}

std::shared_ptr<const Engine::CycleKeys> Engine::EveryDeclarationInOrder() const {
  auto cycle = std::make_shared<CycleKeys>();
  cycle->declarations = desired_;
  cycle->full = true;
  std::vector<const std::string*> ordered;
  ordered.reserve(desired_.size());
  for (const auto& [id, decl] : cycle->declarations) ordered.push_back(&id);
  cycle->levels = LevelsOf(ordered);
  return cycle;
}

std::size_t Engine::CycleKeys::Count() const {
  std::size_t count = 0;
  for (const auto& level : levels) count += level.size();
  return count;
}

std::vector<std::vector<const std::string*>> Engine::LevelsOf(
    const std::vector<const std::string*>& ordered) const {
  return DependencyLevels(ordered, [this](const std::string& id) {
    const auto decl = desired_.find(id);
    return decl == desired_.end() ? StringSet() : decl->second->Dependencies();
  });
}

asio::awaitable<void> Engine::ReconcileDesired(
    const std::vector<std::vector<const std::string*>>& levels,
    const std::set<TypeRegion>& failed) {
  for (const auto& level : levels) {
    if (stopping_) break;  // the next level's writes would begin after the stop
    std::vector<Action> actions;
    for (const std::string* id : level) {
      std::optional<Action> action = PlanPass(*id, failed);
      if (!action) continue;
      // Nothing to write (in sync, waiting, a conflict): reported now, as Execute would, rather
      // than held with the level's writes; a pass over 10,000 held every resolved resource.
      if (!Writes(action->kind)) {
        Report(*action, store_.At(action->logical_id));
        continue;
      }
      actions.push_back(std::move(*action));
    }
    co_await ConfirmMissing(actions);
    if (stopping_) break;  // no create marker is written once the stop has begun
    std::erase_if(actions, [](const Action& action) { return action.logical_id.empty(); });
    const PlanContext context = MakePlanContext();
    std::vector<std::string> creating;
    for (const Action& action : actions) {
      if (action.kind == ActionKind::kCreate && MayWrite(action.logical_id)) {
        store_.At(action.logical_id).set_create_pending_since(context.now);
        creating.push_back(action.logical_id);
      }
    }
    // The create-pending markers reach the disk before any create is sent; a create that
    // cannot be recorded is not sent (a crash would forget it and create a twin). Only what
    // changed is written (status.changes.json), so a create waits on its own record, not on
    // the whole status file's.
    if (!creating.empty()) {
      if (auto saved = store_.SaveChanges(); !saved) {
        log::Warn({}, "cannot save status: {}", saved.error().message);
        const Error not_recorded =
            MakeError(ErrorKind::kTransient,
                      "not sent: the create could not be recorded in the state "
                      "directory first: " +
                          saved.error().message);
        for (Action& action : actions) {
          if (action.kind != ActionKind::kCreate || !MayWrite(action.logical_id)) continue;
          ResourceStatus& status = store_.At(action.logical_id);
          status.set_create_pending_since(std::nullopt);
          RecordFailure(action, status, not_recorded);
          action.kind = ActionKind::kNone;
          action.logical_id.clear();
        }
        std::erase_if(actions, [](const Action& action) { return action.logical_id.empty(); });
      }
    }
    TaskGroup group(executor_);
    for (auto& action : actions) group.Spawn(Execute(std::move(action)));
    co_await group.Wait();
  }
}

asio::awaitable<void> Engine::ReconcileRemovals(const Scope& scope,
                                                const std::set<TypeRegion>& observed_now) {
  std::vector<Action> removals;
  if (scope.full) {
    NoRemovals looked_at{observed_.Generation(), inputs_generation_, observed_now};
    if (no_removals_ != looked_at) {
      for (const TypeRegion& where : observed_now) {
        for (const ObservedResource* resource : observed_.Held(where)) {
          const std::string* id = resource->FindTag(kLogicalIdTag);
          if (!observed_.IsOurs(*resource) || (id != nullptr && desired_.contains(*id))) continue;
          removals.push_back(PlanRemoval(where, observed_.Share(where, *resource)));
        }
      }
    }
    no_removals_.reset();
    if (removals.empty()) no_removals_ = std::move(looked_at);
  } else {
    // A file's cycle looks its keys up instead of walking 10,000 owned resources. (Should two
    // resources carry one logical ID, the second goes at the next full cycle.)
    for (const auto& id : scope.keys) {
      if (desired_.contains(id)) continue;
      for (const TypeRegion& where : observed_now) {
        if (const ObservedResource* resource = observed_.FindOwned(where, id)) {
          removals.push_back(PlanRemoval(where, observed_.Share(where, *resource)));
        }
      }
    }
  }
  // Releases count like deletions: either takes a resource out of the daemon's care. What an
  // approval covered goes ahead; the rest is measured against the guard on its own.
  std::size_t unapproved = 0;
  for (const auto& action : removals) {
    if (!approved_removals_.contains(action.logical_id)) ++unapproved;
  }
  const bool everything_vanished = desired_.empty() && unapproved > 0;
  const bool too_many = static_cast<int>(unapproved) > settings_.max_deletions_per_cycle;
  const bool hold = everything_vanished || too_many;

  std::map<std::string, Action> by_id;
  std::vector<std::string> ids;
  for (auto& action : removals) {
    ResourceStatus& status = store_.At(action.logical_id);
    if (status.type.empty()) {
      status.type = action.where.type;
      status.region = action.where.region;
      status.role_arn = action.where.role_arn;
    }
    if (hold && !approved_removals_.contains(action.logical_id)) {
      const std::string why = everything_vanished
                                  ? "every resource left the files at once"
                                  : std::to_string(unapproved) +
                                        " deletions and releases exceed max_deletions_per_cycle " +
                                        std::to_string(settings_.max_deletions_per_cycle);
      const std::string what = action.kind == ActionKind::kDelete ? "deletion" : "release";
      if (status.state != ResourceState::kHeld) {
        Emit(action.logical_id, status.type, "held", what + " held: " + why);
      }
      SetState(status, ResourceState::kHeld,
               what + " held until POST /v1/deletions/approve: " + why);
      continue;
    }
    ids.push_back(action.logical_id);
    by_id.emplace(action.logical_id, std::move(action));
  }
  // Dependents go first: X waits for every removal that depends on X.
  std::vector<const std::string*> removal_ids;
  for (const std::string& id : ids) removal_ids.push_back(&id);
  const auto levels = DependencyLevels(removal_ids, [&](const std::string& id) {
    std::vector<std::string> dependents;
    for (const auto& other : ids) {
      const ResourceStatus* status = store_.Find(other);
      if (status && status->dependencies.contains(id)) dependents.push_back(other);
    }
    return StringSet(dependents.begin(), dependents.end());
  });
  for (const auto& level : levels) {
    TaskGroup group(executor_);
    for (const std::string* id : level) group.Spawn(Execute(std::move(by_id.at(*id))));
    co_await group.Wait();
  }
  // An approval lasts until what it covered is gone or declared again.
  std::erase_if(approved_removals_, [&](const std::string& id) {
    const ResourceStatus* status = store_.Find(id);
    return desired_.contains(id) || status == nullptr || status->state == ResourceState::kDeleted ||
           status->state == ResourceState::kReleased;
  });
}

AsyncSemaphore& Engine::ServiceLimit(const std::string& role_arn, std::string_view service) {
  const std::string key = role_arn + " " + std::string(service);
  auto found = service_limits_.find(key);
  if (found == service_limits_.end()) {
    found = service_limits_
                .emplace(key, std::make_unique<AsyncSemaphore>(executor_,
                                                               settings_.per_service_concurrency))
                .first;
  }
  return *found->second;
}

asio::awaitable<void> Engine::Execute(Action action) {
  ResourceStatus& planned = store_.At(action.logical_id);
  const auto decl = desired_.find(action.logical_id);
  const bool observe_only = decl != desired_.end() && decl->second->management_policy ==
                                                          config::ManagementPolicy::kObserveOnly;
  if (!Writes(action.kind) || observe_only || settings_.mode == config::Mode::kPlan) {
    Report(action, planned);
    co_return;
  }
  // A create goes out only after its marker reached the disk (ReconcileDesired). One planned in
  // plan mode has none when a lease taken mid-cycle turns apply mode on (Configure): it waits
  // for the full cycle that Configure asks for.
  if (action.kind == ActionKind::kCreate && !planned.create_pending_since()) co_return;
  AsyncSemaphore& service = ServiceLimit(
      action.where.role_arn, RegistryOf(action.where.role_arn).Find(action.where.type)->Service());
  const AsyncSemaphore::Permit global = co_await global_limit_.Acquire();
  const AsyncSemaphore::Permit per_service = co_await service.Acquire();
  // A stop lets the writes in flight finish; one still queued for a permit does not begin
  // (a create's marker is taken back: it was never sent). The next start plans it again.
  if (stopping_) {
    if (action.kind == ActionKind::kCreate) {
      store_.At(action.logical_id).set_create_pending_since(std::nullopt);
    }
    co_return;
  }
  const ResourceState in_progress = action.kind == ActionKind::kCreate   ? ResourceState::kCreating
                                    : action.kind == ActionKind::kDelete ? ResourceState::kDeleting
                                                                         : ResourceState::kUpdating;
  // Taken again after the waits, as below: a status handed out before one may be published.
  SetState(store_.At(action.logical_id), in_progress, action.message);
  log::Debug(
      {.resource = action.logical_id, .type = action.where.type, .action = ToString(action.kind)},
      "begin: {}", action.message);
  Result<void> written = MakeError(ErrorKind::kInternal, "not run");
  try {
    written = co_await Write(action);
  } catch (const std::exception& e) {
    written = MakeError(ErrorKind::kTransient, std::string("the write threw: ") + e.what());
  }
  ++progress_;  // the watchdog's evidence during a long cycle
  // Taken again after the wait: the status handed out before it may have been published since
  // (StatusStore::At).
  ResourceStatus& settled = store_.At(action.logical_id);
  if (written) {
    // What a write touched is read again at once; a deleted resource has nothing left to read.
    if (action.kind != ActionKind::kDelete) MarkDetailsUrgent(action.logical_id, action.where);
    RecordSuccess(action, settled);
  } else {
    RecordFailure(action, settled, written.error());
  }
}

void Engine::PutRetagged(Action& action, const TagMap& tags) {
  auto retagged = std::make_shared<ObservedResource>(*action.observed);
  for (const auto& [key, value] : tags) retagged->tags[key] = value;
  action.observed = retagged;
  observed_.Put(action.where, std::move(retagged));
}

asio::awaitable<Result<void>> Engine::Write(Action& action) {
  const Registry& registry = RegistryOf(action.where.role_arn);
  Reconciler& reconciler = *registry.Find(action.where.type);
  Ownership& ownership = registry.OwnershipOf(action.where.type);
  reconciler.BeforeWrite();
  switch (action.kind) {
    case ActionKind::kCreate: {
      auto created = co_await reconciler.Create(action.desired);
      if (!created) co_return created.error();
      SharedObserved made = ShareObserved(std::move(*created));
      action.observed = made;
      observed_.Put(action.where, std::move(made));
      co_return Result<void>();
    }
    case ActionKind::kAdopt: {
      std::vector<std::string> nothing;
      auto adopted = co_await ownership.Retag(*action.observed, action.desired.ownership_tags,
                                              std::move(nothing));
      if (!adopted) co_return adopted.error();
      PutRetagged(action, action.desired.ownership_tags);
      if (action.diff.empty() || action.diff.NeedsReplacement()) co_return Result<void>();
      co_return co_await ApplyUpdate(reconciler, ownership, action.desired, *action.observed,
                                     action.diff);
    }
    case ActionKind::kUpdate:
      co_return co_await ApplyUpdate(reconciler, ownership, action.desired, *action.observed,
                                     action.diff);
    case ActionKind::kDelete: {
      auto deleted = co_await reconciler.Delete(*action.observed);
      if (deleted) {
        observed_.Remove(action.where, action.observed->physical_id);
        details_.Forget(action.where, action.observed->physical_id);
      }
      co_return deleted;
    }
    case ActionKind::kRelease: {
      // The logical ID stays, the owner becomes the released marker (identity.h). Built
      // before co_await: GCC 12 cannot keep an initializer list alive across one.
      TagMap marker = {{std::string(kOwnerTag), ReleasedOwner(settings_.owner)}};
      std::vector<std::string> nothing;
      auto released = co_await ownership.Retag(*action.observed, marker, std::move(nothing));
      if (!released) co_return released;
      PutRetagged(action, marker);
      co_return released;
    }
    default:
      co_return Result<void>();
  }
}

void Engine::SetState(ResourceStatus& status, ResourceState state, std::string message) {
  status.state = state;
  status.message = std::move(message);
  status.updated_at = WallClock::now();
}

void Engine::Emit(const std::string& logical_id, const std::string& type, std::string action,
                  std::string message) {
  log::Info({.resource = logical_id, .type = type, .action = action}, "{}", message);
  store_.Record(
      Event{0, WallClock::now(), logical_id, type, std::move(action), std::move(message)});
}

void Engine::RequeueAt(const std::string& logical_id, WallClock::time_point when) {
  auto& at = requeue_at_[logical_id];
  at = at == WallClock::time_point{} ? when : std::min(at, when);
  Wake();
}

}  // namespace awsr::engine
