// Decides, for one resource, what a pass should do — create, update, adopt, wait, report —
// from the file, the latest observation and what the engine remembers. Pure: the engine runs
// the decision, /v1/plan shows it without running it, and tests table it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/document.h"
#include "config/schema.h"
#include "daemon/engine/observed_index.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/status.h"

namespace awsr::engine {

enum class ActionKind {
  kNone,  // in sync
  kCreate,
  kUpdate,             // drift or an edited property: the diff's fields
  kAdopt,              // a look-alike with AdoptPolicy Adopt: tag it ours, then update
  kWaitForReferences,  // something it refers to does not exist yet
  kWaitForAws,         // AWS is still creating it, or a create is not visible yet
  kConflict,           // a look-alike without our tags: not touched
  kNeedsReplacement,   // a create-only property changed: reported, not done
  kDelete,             // ours, gone from the files, DeletionPolicy Delete
  kRelease,            // ours, gone from the files, DeletionPolicy Retain: drop our tags
  kInvalid,            // the resolved properties are unusable (a reference of the wrong kind)
};

std::string_view ToString(ActionKind kind);
// Whether the action writes to AWS (and so is skipped in plan mode and for ObserveOnly).
bool Writes(ActionKind kind);

struct Action {
  ActionKind kind = ActionKind::kNone;
  std::string logical_id;
  TypeRegion where;
  DesiredResource desired;  // resolved, for create/update/adopt
  // What it acts on: the index's own resource, shared rather than copied (a plan pass over
  // 10,000 once held a copy of each); never changed in place.
  std::shared_ptr<const ObservedResource> observed;
  Diff diff;
  std::string message;  // why, in words for the API
};

struct PlanContext {
  std::string owner;
  std::string default_region;
  std::string account_id;
  WallClock::time_point now;
  // How long a create that AWS does not show yet is waited for before it is sent again.
  std::chrono::milliseconds consistency_grace = std::chrono::minutes(1);
};

class Reconciler;

// The action for a desired resource. `desired` is every resource in force (for references).
Action PlanDesired(const config::ResourceDecl& decl, const Reconciler& reconciler,
                   const config::Declarations& desired, const ObservedIndex& observed,
                   const ResourceStatus* status, const config::TypeCatalog& catalog,
                   const PlanContext& context);

// The action for a resource of ours that no file declares any more.
Action PlanRemoval(const TypeRegion& where, std::shared_ptr<const ObservedResource> observed);

// The region a resource lives in.
std::string RegionOf(const config::ResourceDecl& decl, const PlanContext& context);
// Its type, region and account: where its observation is.
TypeRegion WhereOf(const config::ResourceDecl& decl, const PlanContext& context);
// WhereOf(decl, context) == where, without building it: asked of every declaration for each
// (type, region) a cycle observes.
bool IsAt(const config::ResourceDecl& decl, const TypeRegion& where, const PlanContext& context);

// Groups keys so that each one comes after everything it depends on (within `keys`): the
// engine runs one group after another, the members of a group at once. The groups point at
// the strings `keys` points at: a full cycle's are the declarations' IDs, not copies.
std::vector<std::vector<const std::string*>> DependencyLevels(
    const std::vector<const std::string*>& keys,
    const std::function<StringSet(const std::string&)>& dependencies_of);

nlohmann::json ToJson(const Action& action);

}  // namespace awsr::engine
