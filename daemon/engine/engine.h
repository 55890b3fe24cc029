// The reconcile engine: level-triggered, one cycle at a time on the daemon's loop. A cycle
// observes each (type, region) in bulk, plans every resource in dependency order, acts with
// bounded concurrency, and records status and events. It owns ordering, retries and backoff,
// conditions, deletion policy and its guard, plan mode and ObserveOnly; reconcilers own none.
#pragma once

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>

#include "config/desired_set.h"
#include "config/document.h"
#include "config/schema.h"
#include "config/settings.h"
#include "daemon/base/string_set.h"
#include "daemon/engine/account_registries.h"
#include "daemon/engine/async_tools.h"
#include "daemon/engine/detail_reads.h"
#include "daemon/engine/observe_groups.h"
#include "daemon/engine/observed_index.h"
#include "daemon/engine/pass_fingerprint.h"
#include "daemon/engine/planner.h"
#include "daemon/engine/registry.h"
#include "daemon/engine/resource_records.h"
#include "daemon/engine/secrets.h"
#include "daemon/engine/status_store.h"

namespace awsr::engine {

struct EngineSettings {
  std::string owner = "awsreconciled";
  std::string default_region = "us-east-1";
  config::Mode mode = config::Mode::kApply;
  int max_deletions_per_cycle = 10;
  int global_concurrency = 16;
  int per_service_concurrency = 4;
  std::chrono::milliseconds poll_interval = std::chrono::minutes(5);
  // How soon a resource that AWS is still working on is looked at again.
  std::chrono::milliseconds wait_requeue = std::chrono::seconds(2);
  std::chrono::milliseconds consistency_grace = std::chrono::minutes(1);
  DetailBudget detail_reads;  // per-resource reads per cycle (detail_reads.h)
};

// Seconds-long cycle durations, bucketed for the Prometheus histogram.
struct CycleMetrics {
  static constexpr std::array<double, 10> kBuckets = {0.01, 0.05, 0.1, 0.25, 0.5,
                                                      1,    2.5,  5,   10,   30};
  std::array<std::uint64_t, kBuckets.size()> bucket_counts{};
  double sum_seconds = 0;
  std::uint64_t count = 0;
  void Observe(double seconds);
};

class Engine {
 public:
  // Answers AWS::AccountId; asked once, before the first cycle that needs it.
  using AccountIdSource = std::function<boost::asio::awaitable<Result<std::string>>()>;

  // `registry` serves the daemon's own account; `account_registries` builds the registry of
  // each role a file names (RoleArn), else such files' types have no reconciler.
  Engine(boost::asio::any_io_executor executor, const Registry& registry,
         const config::TypeCatalog& catalog, StatusStore& store, EngineSettings settings,
         AccountIdSource account_id_source,
         AccountRegistries::Factory account_registries = nullptr);

  void Configure(EngineSettings settings);
  // The resources in force changed: what changed (and everything depending on it) is
  // reconciled at once, not at the next tick.
  void SetDesired(config::SharedDeclarations desired);
  // Reconcile one resource now, ignoring its backoff (POST /v1/reconcile/{id}).
  void Enqueue(const std::string& logical_id);
  // A full cycle now (POST /v1/reconcile).
  void EnqueueAll();
  // Releases the deletions and releases the guard holds now (and only those); they run in the
  // next cycle, which starts now.
  void ApproveDeletions();

  void Start();
  // No new cycle starts; the one running finishes (the daemon waits for Idle()).
  void Stop();

  bool Idle() const { return !in_cycle_; }
  bool FirstCycleDone() const { return cycles_ > 0; }
  std::uint64_t Cycles() const { return cycles_; }
  // The number Cycles() reaches when a cycle that starts after now ends: a cycle under way
  // observed before the request, so it does not count.
  std::uint64_t CycleAfterNow() const { return cycles_ + (in_cycle_ ? 2 : 1); }
  // Advances whenever the engine is alive and not stuck (a wait that ends, an observation or
  // a write that finishes, a cycle): the watchdog's evidence, also during a long cycle.
  std::uint64_t Progress() const { return progress_; }
  WallClock::time_point LastCycleAt() const { return last_cycle_at_; }
  std::optional<WallClock::time_point> NextCycleAt() const;
  const CycleMetrics& cycle_metrics() const { return cycle_metrics_; }
  const std::string& account_id() const { return account_id_; }

  // What the next cycle would do, from the latest observation, without doing it.
  nlohmann::json Plan() const;
  // The properties of `logical_id`'s resource as the latest observation has them (secrets
  // redacted), null when it has none: GET /v1/resources/{id}. Read from the index, not kept in
  // each status a second time.
  nlohmann::json ObservedProperties(const std::string& logical_id) const;

 private:
  struct Scope {
    bool full = false;
    std::set<std::string> keys;
  };

  boost::asio::awaitable<void> Loop();
  boost::asio::awaitable<void> RunCycle(Scope scope);
  // A targeted cycle's resources by the (type, region) each is in, declared or remembered:
  // what a type that ObservesFocus is asked for, instead of all it has.
  std::map<TypeRegion, std::set<std::string>> FocusOf(const std::set<std::string>& keys) const;
  // `replan`: the resources whose identity keys must be computed afresh (null: every one); the
  // others reuse the key of their last plan. `focus`: per (type, region), the logical IDs a
  // targeted cycle needs.
  boost::asio::awaitable<std::set<TypeRegion>> Observe(
      std::set<TypeRegion> targets, const std::set<std::string>* replan,
      const std::map<TypeRegion, std::set<std::string>>& focus);
  boost::asio::awaitable<void> ObserveOne(TypeRegion where, const std::set<std::string>* replan,
                                          const std::set<std::string>* focus,
                                          std::set<TypeRegion>& failed);
  // The per-resource reads of this cycle within the budget (detail_reads.h), for the (type,
  // region)s observed now; what they read goes into the observation before anything is planned.
  boost::asio::awaitable<void> ReadDetails(const std::set<TypeRegion>& observed_now);
  boost::asio::awaitable<void> ReadOneDetail(DetailRead read);
  // The details a desired resource needs ("Tags" for types that keep them there, and those
  // its file sets), or those of a resource of ours no file declares (nullptr: "Tags" only).
  std::set<std::string> WantedDetails(const Reconciler& reconciler,
                                      const config::ResourceDecl* decl) const;
  // The resources a cycle is about, and the same in dependency order (DependencyLevels). A full
  // cycle's are every declaration's, not kept as a set: it asks whether one is among them only
  // of declared resources (~0.6 MB of tree nodes at 10,000).
  struct CycleKeys {
    std::set<std::string> keys;  // empty for a full cycle
    // What a full cycle's levels point at: the declarations' IDs, held while the levels are.
    config::SharedDeclarations declarations;
    std::vector<std::vector<const std::string*>> levels;  // into `keys` or `declarations`
    bool full = false;
    const std::set<std::string>* Replan() const { return full ? nullptr : &keys; }
    std::size_t Count() const;  // every key is in one level
  };
  std::shared_ptr<const CycleKeys> InDependencyOrder(std::set<std::string> keys) const;
  std::shared_ptr<const CycleKeys> EveryDeclarationInOrder() const;
  std::vector<std::vector<const std::string*>> LevelsOf(
      const std::vector<const std::string*>& ordered) const;
  boost::asio::awaitable<void> ReconcileDesired(
      const std::vector<std::vector<const std::string*>>& levels,
      const std::set<TypeRegion>& failed);
  // The action for one desired resource this pass, or none (backing off, not observed).
  std::optional<Action> PlanPass(const std::string& id, const std::set<TypeRegion>& failed);
  // The fingerprint of everything planning `id` reads now (pass_fingerprint.h): its
  // declaration, the engine's settings, its observed item and those of what it refers to.
  Fingerprint PassInputs(const std::string& id, const TypeRegion& where,
                         const PlanContext& context) const;
  std::optional<Fingerprint> OwnedFingerprint(const TypeRegion& where,
                                              const std::string& logical_id) const;
  // Creates of resources that existed before (a remembered physical id), or that a file names
  // by AdoptId, are looked up first:
  // a resource missing from a tag-filtered list may only lag in AWS's index. Then creates a
  // file lets adopt look for their look-alike (LookForLookalikes). An action whose lookup
  // failed is emptied (logical_id cleared).
  boost::asio::awaitable<void> ConfirmMissing(std::vector<Action>& actions);
  // An identity key that needs a reference (a target group's VpcId) is unknown when the cycle
  // observes, before the referenced resource is found: the observation did not ask for it.
  // Creates with AdoptPolicy Adopt (and no AdoptId) ask now, one bulk read per (type, region)
  // with just their keys, and are planned again with what it finds (adopt, or conflict).
  boost::asio::awaitable<void> LookForLookalikes(std::vector<Action>& actions);
  boost::asio::awaitable<void> LookForLookalikesIn(TypeRegion where, std::vector<Action*> creates);
  // `adopting`: the id is a file's AdoptId, which names a resource to take over, never one to
  // create: not found, the resource waits with an error instead.
  boost::asio::awaitable<void> LookUpRemembered(Action* action, std::string physical_id,
                                                bool adopting = false);
  bool MayWrite(const std::string& id) const;
  boost::asio::awaitable<void> ReconcileRemovals(const Scope& scope,
                                                 const std::set<TypeRegion>& observed_now);
  boost::asio::awaitable<void> Execute(Action action);
  boost::asio::awaitable<Result<void>> Write(Action& action);
  // After a retag in AWS: a new resource with `tags` set, for the action and the index (the
  // one they held is shared, never changed in place).
  void PutRetagged(Action& action, const TagMap& tags);

  std::set<std::string> WithDependents(const std::set<std::string>& keys) const;
  // What the cycle observes: everything in force (full), or the scope's types, plus whatever
  // `keys` (the scope with its dependents) need that was never observed.
  std::set<TypeRegion> TargetsFor(const Scope& scope, const std::set<std::string>& keys) const;
  PlanContext MakePlanContext() const;
  void Report(const Action& action, ResourceStatus& status);
  void RecordSuccess(const Action& action, ResourceStatus& status);
  void RecordFailure(const Action& action, ResourceStatus& status, const Error& error);
  // One more failed attempt: the next is due after the resource's backoff.
  void ScheduleRetry(const std::string& logical_id, ResourceStatus& status);
  // The longest backoff: well below the poll interval, so a failure never waits for a poll.
  std::chrono::milliseconds BackoffCap() const;
  void SetState(ResourceStatus& status, ResourceState state, std::string message);
  void Emit(const std::string& logical_id, const std::string& type, std::string action,
            std::string message);
  void RequeueAt(const std::string& logical_id, WallClock::time_point when);
  // Concurrency is per account and service: AWS's limits are per account.
  AsyncSemaphore& ServiceLimit(const std::string& role_arn, std::string_view service);
  const Registry& RegistryOf(const std::string& role_arn) const { return accounts_.For(role_arn); }
  void Wake();

  boost::asio::any_io_executor executor_;
  const Registry& registry_;
  AccountRegistries accounts_;
  const config::TypeCatalog& catalog_;
  StatusStore& store_;
  EngineSettings settings_;
  AccountIdSource account_id_source_;
  std::string account_id_;
  // Moves with every change to what a pass reads besides the observed index: the declarations,
  // the account ID, the settings (pass_fingerprint.h: InputsStamp).
  std::uint64_t inputs_generation_ = 0;
  // A full cycle's keys (every declaration's) as of that generation: gathering and ordering
  // 10,000 IDs again at every full cycle cost a few percent of it (issue #16).
  std::shared_ptr<const CycleKeys> full_keys_;
  std::uint64_t full_keys_generation_ = 0;
  // What a full cycle's look for removals saw when it found none: it looks again only once the
  // index, the declarations or the (type, region)s observed moved (a steady cycle's did not).
  struct NoRemovals {
    std::uint64_t observed_generation = 0;
    std::uint64_t inputs_generation = 0;
    std::set<TypeRegion> observed_now;
    bool operator==(const NoRemovals&) const = default;
  };
  std::optional<NoRemovals> no_removals_;
  // What a full cycle's plan pass saw when every resource was in sync by its stamp alone
  // (PlanPass's first check): while none of it moves, the next full cycle's pass would find the
  // same for each of 10,000 resources, and is not made.
  struct AllInSync {
    std::uint64_t observed_generation = 0;
    std::uint64_t inputs_generation = 0;
    std::uint64_t in_sync_membership = 0;
    std::uint64_t status_edits = 0;
    bool operator==(const AllInSync&) const = default;
  };
  AllInSync AllInSyncNow() const;
  std::optional<AllInSync> all_in_sync_;
  std::uint64_t passes_in_sync_by_stamp_ = 0;  // PlanPass's first check, counted

  config::SharedDeclarations desired_;  // shared with the daemon's DesiredSet, never copied
  // What it keeps of each logical ID between passes (resource_records.h).
  ResourceRecords records_;
  // A declaration changed from `before` to `after` (either null: none): its fingerprint, and
  // who depends on what.
  void SetDeclaration(const std::string& id, const config::ResourceDecl* before,
                      const config::ResourceDecl* after);
  ObservedIndex observed_;
  std::uint64_t identity_keys_version_ = 0;  // moves when a key is set to another or erased
  const std::string& SetIdentityKey(const std::string& id, std::string key);  // the key held
  void EraseIdentityKey(const std::string& id);
  // The identity keys a whole observation of each (type, region) last gave its scope, when every
  // declaration there was in sync: the same again, without a lookup per declaration, while the
  // declarations, the keys and who is in sync have not moved.
  struct ScopeKeysStamp {
    std::uint64_t inputs_generation = 0;
    std::uint64_t identity_keys_version = 0;
    std::uint64_t in_sync_membership = 0;
    bool operator==(const ScopeKeysStamp& other) const = default;
  };
  struct ScopeKeys {
    ScopeKeysStamp stamp;
    SharedStrings keys;
  };
  std::map<TypeRegion, ScopeKeys> scope_keys_;
  // The statuses and declarations of each (type, region), for whole observations and targets:
  // a cache, sorted again when what it sorted moves.
  mutable ObserveGroups observe_groups_;

  bool full_pending_ = true;  // the first cycle is a full one
  std::set<std::string> keys_pending_;
  std::set<std::string> forced_;  // ignore backoff for these
  // The (type, region)s this cycle observed in part (ObserveScope::focus), and which part.
  std::map<TypeRegion, Focus> focused_;
  std::map<std::string, WallClock::time_point> requeue_at_;
  WallClock::time_point next_full_at_{};
  DetailCache details_;
  // Resources whose details a file change or a write touched: read in the next cycle.
  std::set<std::string> details_urgent_;
  void MarkDetailsUrgent(const std::string& logical_id, const TypeRegion& where);
  // Held removals an approval released: exactly those held when it came.
  std::set<std::string> approved_removals_;

  boost::asio::steady_timer wake_;
  bool stopping_ = false;
  bool in_cycle_ = false;
  std::uint64_t cycles_ = 0;
  std::uint64_t progress_ = 0;
  WallClock::time_point last_cycle_at_{};
  CycleMetrics cycle_metrics_;

  AsyncSemaphore global_limit_;
  std::map<std::string, std::unique_ptr<AsyncSemaphore>, std::less<>> service_limits_;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace awsr::engine
