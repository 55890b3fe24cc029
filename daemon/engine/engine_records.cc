// How the engine turns a pass's outcome into status, conditions, events and retry schedule,
// and how it answers /v1/plan.
#include <random>

#include "daemon/base/crypto.h"
#include "daemon/engine/backoff.h"
#include "daemon/engine/engine.h"

namespace awsr::engine {
namespace {

using nlohmann::json;

std::string ChangedPaths(const std::vector<Change>& changes) {
  std::string paths;
  for (const auto& change : changes) paths += (paths.empty() ? "" : ", ") + change.path;
  return paths;
}

// What a record's applied_spec keeps of the resolved properties a resource was brought to: only
// ever compared, so their digest, not their text (10,000 of those were megabytes).
ShortDigest AppliedSpec(const json& properties) { return HalfSha256(properties.dump()); }

bool Terminal(const Error& error) {
  return error.kind == ErrorKind::kInvalidSpec || error.kind == ErrorKind::kAccessDenied;
}

void MarkHealthy(ResourceStatus& status, WallClock::time_point now) {
  status.attempts = 0;
  status.set_last_error(std::nullopt);
  status.set_next_attempt_at(std::nullopt);
  status.SetCondition("Ready", true, "Available", "", now);
  status.SetCondition("Synced", true, "ReconcileSuccess", "", now);
}

}  // namespace

void Engine::Report(const Action& action, ResourceStatus& status) {
  const auto now = WallClock::now();
  const auto decl = desired_.find(action.logical_id);
  const bool observe_only = decl != desired_.end() && decl->second->management_policy ==
                                                          config::ManagementPolicy::kObserveOnly;
  const std::string previous_diff = ChangedPaths(status.diff());
  if (action.observed) {
    status.physical_id = action.observed->physical_id;
  }
  status.set_diff(RedactChanges(action.where.type, action.diff.changes));
  switch (action.kind) {
    case ActionKind::kNone:
      SetState(status, observe_only ? ResourceState::kObserveOnly : ResourceState::kReady,
               "in sync");
      MarkHealthy(status, now);
      records_.SetAppliedSpec(action.logical_id, AppliedSpec(action.desired.properties));
      return;
    case ActionKind::kWaitForReferences:
      SetState(status, ResourceState::kPending, action.message);
      status.SetCondition("Ready", false, "ReferencesPending", action.message, now);
      status.SetCondition("Synced", false, "ReferencesPending", action.message, now);
      return;
    case ActionKind::kWaitForAws: {
      // Busy after it was ready (modifying, backing-up): still usable, and being updated.
      const bool busy = status.state == ResourceState::kReady ||
                        status.state == ResourceState::kUpdating ||
                        status.state == ResourceState::kDrifted;
      SetState(status, busy ? ResourceState::kUpdating : ResourceState::kCreating, action.message);
      if (!busy) status.SetCondition("Ready", false, "Creating", action.message, now);
      RequeueAt(action.logical_id, now + settings_.wait_requeue);
      return;
    }
    case ActionKind::kConflict:
    case ActionKind::kNeedsReplacement: {
      const bool conflict = action.kind == ActionKind::kConflict;
      const auto state = conflict ? ResourceState::kConflict : ResourceState::kNeedsReplacement;
      if (status.state != state) {
        Emit(action.logical_id, action.where.type, conflict ? "conflict" : "needs-replacement",
             action.message);
      }
      SetState(status, state, action.message);
      status.SetCondition("Ready", !conflict, conflict ? "Conflict" : "Available", "", now);
      status.SetCondition("Synced", false, conflict ? "Conflict" : "NeedsReplacement",
                          action.message, now);
      return;
    }
    case ActionKind::kInvalid: {
      // A parser's message may quote a value.
      const std::string message =
          Scrub(action.message,
                SecretValues(action.where.type,
                             decl == desired_.end() ? json() : decl->second->properties.Unpack()));
      SetState(status, ResourceState::kError, message);
      status.SetCondition("Synced", false, "InvalidSpec", message, now);
      return;
    }
    default:
      break;
  }
  // A write that plan mode or ObserveOnly holds back: say what it would do.
  const std::string why = observe_only ? "ObserveOnly" : "mode plan";
  std::string message = "would " + std::string(ToString(action.kind)) + " (" + why + ")";
  if (!action.diff.empty()) message += ": " + ChangedPaths(action.diff.changes);
  if (action.kind == ActionKind::kUpdate && ChangedPaths(status.diff()) != previous_diff) {
    Emit(action.logical_id, action.where.type, "drift-detected",
         "differs from the file in " + ChangedPaths(status.diff()) + "; not corrected (" + why +
             ")");
  }
  const bool removal = action.kind == ActionKind::kDelete || action.kind == ActionKind::kRelease;
  SetState(status,
           observe_only                         ? ResourceState::kObserveOnly
           : removal                            ? status.state
           : action.kind == ActionKind::kCreate ? ResourceState::kPending
                                                : ResourceState::kDrifted,
           message);
  status.SetCondition("Synced", false, observe_only ? "ObserveOnly" : "PlanMode", message, now);
}

void Engine::RecordSuccess(const Action& action, ResourceStatus& status) {
  const auto now = WallClock::now();
  const ShortDigest spec = AppliedSpec(action.desired.properties);
  if (action.observed) {
    status.physical_id = action.observed->physical_id;
  }
  MarkHealthy(status, now);
  switch (action.kind) {
    case ActionKind::kCreate:
      status.set_diff({});
      if (action.observed && !action.observed->ready) {
        SetState(status, ResourceState::kCreating, "created; AWS is bringing it up");
        status.SetCondition("Ready", false, "Creating", "", now);
        RequeueAt(action.logical_id, now + settings_.wait_requeue);
      } else {
        SetState(status, ResourceState::kReady, "created");
      }
      Emit(action.logical_id, action.where.type, "created", "created " + status.physical_id);
      break;
    case ActionKind::kUpdate: {
      const ResourceRecord* record = records_.Find(action.logical_id);
      const bool drift = record != nullptr && record->applied_spec() != nullptr &&
                         *record->applied_spec() == spec;
      const std::string paths = ChangedPaths(action.diff.changes);
      Emit(action.logical_id, action.where.type, drift ? "drift-corrected" : "updated",
           (drift ? "corrected drift in " : "updated ") + paths + " of " + status.physical_id);
      status.set_diff({});
      SetState(status, ResourceState::kReady,
               drift ? "drift corrected: " + paths : "updated: " + paths);
      break;
    }
    case ActionKind::kAdopt:
      status.set_diff({});
      SetState(status, ResourceState::kReady, "adopted");
      Emit(action.logical_id, action.where.type, "adopted", action.message);
      break;
    case ActionKind::kDelete:
      status.set_create_pending_since(std::nullopt);
      SetState(status, ResourceState::kDeleted, "deleted from AWS");
      status.SetCondition("Ready", false, "Deleted", "", now);
      Emit(action.logical_id, action.where.type, "deleted", "deleted " + status.physical_id);
      break;
    case ActionKind::kRelease:
      SetState(status, ResourceState::kReleased,
               "left in AWS (DeletionPolicy Retain); marked released, taken back if a file "
               "declares it again");
      Emit(action.logical_id, action.where.type, "released",
           "released " + status.physical_id + " (DeletionPolicy Retain)");
      break;
    default:
      break;
  }
  // A resource deleted or released was not brought to anything: nothing of it is kept.
  const bool gone = action.kind == ActionKind::kDelete || action.kind == ActionKind::kRelease;
  records_.SetAppliedSpec(action.logical_id,
                          gone ? std::nullopt : std::optional<ShortDigest>(spec));
}

void Engine::RecordFailure(const Action& action, ResourceStatus& status, const Error& failure) {
  records_.ForgetInSync(action.logical_id);
  const auto now = WallClock::now();
  // AWS may quote what it was sent: the message goes nowhere before its secrets are out.
  Error error = failure;
  const auto secrets = SecretValues(action.where.type, action.desired.properties);
  error.message = Scrub(std::move(error.message), secrets);
  error.context = Scrub(std::move(error.context), secrets);
  const bool terminal = Terminal(error);
  // A create refused outright did not happen; an ambiguous failure may have: the marker stays
  // and the consistency grace decides.
  if (action.kind == ActionKind::kCreate && !error.Retryable()) {
    status.set_create_pending_since(std::nullopt);
  }
  status.set_last_error(LastError{std::string(awsr::ToString(error.kind)), error.aws_code,
                                  error.message, error.request_id, terminal, now});
  SetState(status, ResourceState::kError,
           std::string(ToString(action.kind)) + " failed: " + error.Describe());
  status.SetCondition("Synced", false, terminal ? "TerminalError" : "ReconcileError",
                      error.Describe(), now);
  if (terminal) {
    ++status.attempts;
    status.set_next_attempt_at(std::nullopt);
  } else {
    ScheduleRetry(action.logical_id, status);
  }
  Emit(action.logical_id, action.where.type, "error",
       std::string(ToString(action.kind)) + " failed (attempt " + std::to_string(status.attempts) +
           (terminal ? ", not retried" : "") + "): " + error.Describe());
}

void Engine::ScheduleRetry(const std::string& logical_id, ResourceStatus& status) {
  ++status.attempts;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  BackoffSettings backoff;
  backoff.cap = BackoffCap();
  const auto next = WallClock::now() + BackoffDelay(status.attempts, unit(random_), backoff);
  status.set_next_attempt_at(next);
  RequeueAt(logical_id, next);
}

std::chrono::milliseconds Engine::BackoffCap() const {
  const BackoffSettings defaults;
  return std::max(defaults.base, std::min(defaults.cap, settings_.poll_interval / 4));
}

json Engine::Plan() const {
  const PlanContext context = MakePlanContext();
  json actions = json::array();
  std::size_t in_sync = 0;
  // In the order a full cycle plans them.
  const std::shared_ptr<const CycleKeys> every = EveryDeclarationInOrder();
  for (const auto& level : every->levels) {
    for (const std::string* id : level) {
      const auto& decl = desired_.at(*id);
      const Reconciler* reconciler = RegistryOf(decl.account->role_arn).Find(decl.type);
      if (reconciler == nullptr) continue;
      Action action =
          PlanDesired(decl, *reconciler, desired_, observed_, store_.Find(*id), catalog_, context);
      if (action.kind == ActionKind::kNone) {
        ++in_sync;
        continue;
      }
      action.diff.changes = RedactChanges(decl.type, std::move(action.diff.changes));
      json entry = ToJson(action);
      entry["management_policy"] = config::ToString(decl.management_policy);
      actions.push_back(std::move(entry));
    }
  }
  for (const auto& [where, resource] : observed_.AllOwned()) {
    if (desired_.contains(resource->Tag(kLogicalIdTag))) continue;
    actions.push_back(ToJson(PlanRemoval(where, observed_.Share(where, *resource))));
  }
  return {{"mode", config::ToString(settings_.mode)},
          {"observed_at", FormatTime(last_cycle_at_)},
          {"in_sync", in_sync},
          {"actions", actions}};
}

json Engine::ObservedProperties(const std::string& logical_id) const {
  const ResourceStatus* status = store_.Find(logical_id);
  if (status == nullptr || status->type.empty()) return nullptr;
  const TypeRegion where{status->type, status->region, status->role_arn};
  // Ours by its tags, else what the status last recorded (an adopted or released resource).
  const ObservedResource* found = observed_.FindOwned(where, logical_id);
  if (found == nullptr && !status->physical_id.empty()) {
    found = observed_.Find(where, status->physical_id);
  }
  return found == nullptr ? json() : RedactSecrets(status->type, found->properties);
}

}  // namespace awsr::engine
