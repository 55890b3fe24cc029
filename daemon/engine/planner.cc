#include "daemon/engine/planner.h"

#include <functional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "config/intrinsics.h"
#include "daemon/engine/identity.h"

namespace awsr::engine {
namespace {

using nlohmann::json;

Action Make(ActionKind kind, const config::ResourceDecl& decl, const TypeRegion& where,
            std::string message) {
  Action action;
  action.kind = kind;
  action.logical_id = decl.logical_id;
  action.where = where;
  action.message = std::move(message);
  return action;
}

// Where a referenced resource's observed state is, if it exists yet.
const ObservedResource* FindReferenced(std::string_view logical_id,
                                       const config::Declarations& desired,
                                       const ObservedIndex& observed, const PlanContext& context) {
  const auto found = desired.find(logical_id);
  if (found == desired.end()) return nullptr;
  return observed.FindOwned(WhereOf(*found->second, context), logical_id);
}

config::ResolveContext MakeResolveContext(const config::ResourceDecl& decl,
                                          const std::string& region,
                                          const config::Declarations& desired,
                                          const ObservedIndex& observed,
                                          const PlanContext& context) {
  config::ResolveContext resolve;
  resolve.region = region;
  resolve.account_id = decl.account->IsDefault() ? context.account_id
                                                 : config::AccountOfRole(decl.account->role_arn);
  resolve.owner = context.owner;
  resolve.ref = [&](std::string_view id) -> std::optional<std::string> {
    const ObservedResource* resource = FindReferenced(id, desired, observed, context);
    if (resource == nullptr) return std::nullopt;
    return resource->physical_id;
  };
  resolve.get_att = [&](std::string_view id, std::string_view attribute) -> std::optional<json> {
    const ObservedResource* resource = FindReferenced(id, desired, observed, context);
    if (resource == nullptr) return std::nullopt;
    const auto value = resource->attributes.find(std::string(attribute));
    if (value == resource->attributes.end()) return std::nullopt;
    return value->second;
  };
  return resolve;
}

void MarkImmutable(Diff& diff, const config::TypeCatalog& catalog, std::string_view type) {
  for (auto& change : diff.changes) {
    const auto property = std::string_view(change.path).substr(1);
    change.immutable = catalog.IsImmutable(type, property.substr(0, property.find('/')));
  }
}

std::string ChangedPaths(const Diff& diff) {
  std::string paths;
  for (const auto& change : diff.changes) paths += (paths.empty() ? "" : ", ") + change.path;
  return paths;
}

// The action for a resource of ours that matches the file's logical ID.
Action PlanOwned(Action action, std::shared_ptr<const ObservedResource> shared,
                 const Reconciler& reconciler, const config::TypeCatalog& catalog) {
  action.observed = std::move(shared);
  const ObservedResource& observed = *action.observed;
  action.diff = reconciler.Compare(action.desired, observed);
  MarkImmutable(action.diff, catalog, action.desired.type);
  if (action.diff.NeedsReplacement()) {
    action.kind = ActionKind::kNeedsReplacement;
    action.message = "create-only properties changed (" + ChangedPaths(action.diff) +
                     "): replace it by hand or under a new logical ID";
  } else if (!observed.ready) {
    action.kind = ActionKind::kWaitForAws;
    const bool creating = observed.aws_state == "creating" || observed.aws_state == "pending";
    action.message = std::string(creating ? "AWS is still creating it" : "waiting for AWS") + " (" +
                     observed.aws_state.str() + ")";
  } else if (!action.diff.empty()) {
    action.kind = ActionKind::kUpdate;
    action.message = "differs in " + ChangedPaths(action.diff);
  } else {
    action.kind = ActionKind::kNone;
    action.message = "in sync";
  }
  return action;
}

}  // namespace

std::string_view ToString(ActionKind kind) {
  switch (kind) {
    case ActionKind::kNone:
      return "none";
    case ActionKind::kCreate:
      return "create";
    case ActionKind::kUpdate:
      return "update";
    case ActionKind::kAdopt:
      return "adopt";
    case ActionKind::kWaitForReferences:
      return "wait-for-references";
    case ActionKind::kWaitForAws:
      return "wait-for-aws";
    case ActionKind::kConflict:
      return "conflict";
    case ActionKind::kNeedsReplacement:
      return "needs-replacement";
    case ActionKind::kDelete:
      return "delete";
    case ActionKind::kRelease:
      return "release";
    case ActionKind::kInvalid:
      return "invalid";
  }
  return "none";
}

bool Writes(ActionKind kind) {
  return kind == ActionKind::kCreate || kind == ActionKind::kUpdate || kind == ActionKind::kAdopt ||
         kind == ActionKind::kDelete || kind == ActionKind::kRelease;
}

std::string RegionOf(const config::ResourceDecl& decl, const PlanContext& context) {
  return decl.region.empty() ? context.default_region : decl.region.str();
}

TypeRegion WhereOf(const config::ResourceDecl& decl, const PlanContext& context) {
  return {decl.type, RegionOf(decl, context), decl.account->role_arn};
}

bool IsAt(const config::ResourceDecl& decl, const TypeRegion& where, const PlanContext& context) {
  return decl.type == where.type && decl.account->role_arn == where.role_arn &&
         (decl.region.empty() ? context.default_region : decl.region.str()) == where.region;
}

Action PlanDesired(const config::ResourceDecl& decl, const Reconciler& reconciler,
                   const config::Declarations& desired, const ObservedIndex& observed,
                   const ResourceStatus* status, const config::TypeCatalog& catalog,
                   const PlanContext& context) {
  const TypeRegion where = WhereOf(decl, context);
  auto resolved = config::Resolve(
      decl.properties.Unpack(), MakeResolveContext(decl, where.region, desired, observed, context));
  if (!resolved) return Make(ActionKind::kInvalid, decl, where, resolved.error().message);
  if (!resolved->complete()) {
    std::string waiting;
    for (const auto& pending : resolved->pending)
      waiting += (waiting.empty() ? "" : ", ") + pending;
    return Make(ActionKind::kWaitForReferences, decl, where, "waiting for " + waiting);
  }

  Action action = Make(ActionKind::kNone, decl, where, "");
  DesiredResource& resource = action.desired;
  resource.logical_id = decl.logical_id;
  resource.type = decl.type;
  resource.region = where.region;
  resource.properties = std::move(resolved->value);
  const std::string name_property(reconciler.info().name_property);
  if (!name_property.empty()) {
    const json& declared =
        resource.properties.contains(name_property) ? resource.properties[name_property] : json();
    resource.name = declared.is_string() ? declared.get<std::string>()
                                         : DerivedName(context.owner, decl.logical_id,
                                                       reconciler.info().max_name_length);
    if (!declared.is_string() && reconciler.info().lowercase_name) {
      resource.name = LowercaseName(resource.name);
    }
  }
  resource.ownership_tags =
      OwnershipTags(context.owner, decl.logical_id, config::ToString(decl.deletion_policy));
  resource.client_token = ClientToken(context.owner, where.region, decl.logical_id);

  if (const ObservedResource* ours = observed.FindOwned(where, decl.logical_id)) {
    return PlanOwned(std::move(action), observed.Share(where, *ours), reconciler, catalog);
  }
  // Released by us under this logical ID: the same resource, taken back, never a twin.
  if (const ObservedResource* released = observed.FindReleased(where, decl.logical_id)) {
    action.kind = ActionKind::kAdopt;
    action.observed = observed.Share(where, *released);
    action.diff = reconciler.Compare(resource, *released);
    MarkImmutable(action.diff, catalog, decl.type);
    action.message = "taking back " + released->physical_id + ", released earlier";
    return action;
  }
  const ObservedResource* lookalike =
      observed.FindByIdentity(where, reconciler.IdentityKey(resource));
  if (lookalike != nullptr && lookalike->tags_unknown) {
    // Whose it is lives in tags not read yet (a detail read): neither ours nor a conflict.
    action.kind = ActionKind::kWaitForAws;
    action.message = "reading the tags of " + lookalike->physical_id;
    return action;
  }
  if (lookalike != nullptr) {
    const std::string owner_tag = lookalike->Tag(kOwnerTag);
    if (observed.IsOurs(*lookalike)) {
      action.kind = ActionKind::kConflict;
      action.message = "the name is held by our resource " + lookalike->Tag(kLogicalIdTag);
    } else if (IsReleasedOwner(owner_tag) && decl.adopt_policy != config::AdoptPolicy::kAdopt) {
      action.kind = ActionKind::kConflict;
      action.observed = observed.Share(where, *lookalike);
      action.message = lookalike->physical_id + " was released from logical ID " +
                       lookalike->Tag(kLogicalIdTag) +
                       "; set AdoptPolicy: Adopt to take it over under this one";
    } else if (!owner_tag.empty() && !IsReleasedOwner(owner_tag)) {
      // Another daemon's: adopting it would start a fight over it.
      action.kind = ActionKind::kConflict;
      action.observed = observed.Share(where, *lookalike);
      action.message =
          lookalike->physical_id + " is owned by awsreconciled owner \"" + owner_tag + "\"";
    } else if (decl.adopt_policy == config::AdoptPolicy::kAdopt) {
      action.kind = ActionKind::kAdopt;
      action.observed = observed.Share(where, *lookalike);
      action.diff = reconciler.Compare(resource, *lookalike);
      MarkImmutable(action.diff, catalog, decl.type);
      action.message = "adopting " + lookalike->physical_id;
    } else {
      action.kind = ActionKind::kConflict;
      action.observed = observed.Share(where, *lookalike);
      action.message = lookalike->physical_id +
                       " exists without our ownership tags; set AdoptPolicy: Adopt to take it over";
    }
    return action;
  }
  // A named resource's create is safe to repeat (AWS refuses the duplicate name and Create
  // returns ours); an unnamed one's is waited for until AWS shows it or the grace runs out.
  if (name_property.empty() && status != nullptr && status->create_pending_since() &&
      context.now - *status->create_pending_since() < context.consistency_grace) {
    action.kind = ActionKind::kWaitForAws;
    action.message =
        "created at " + FormatTime(*status->create_pending_since()) + ", not visible in AWS yet";
    return action;
  }
  action.kind = ActionKind::kCreate;
  action.message = "does not exist";
  return action;
}

Action PlanRemoval(const TypeRegion& where, std::shared_ptr<const ObservedResource> observed) {
  Action action;
  action.logical_id = observed->Tag(kLogicalIdTag);
  action.where = where;
  const std::string policy = observed->Tag(kDeletionPolicyTag);
  action.observed = std::move(observed);
  // Snapshot deletes too: the reconciler takes the final snapshot in the delete call.
  const bool delete_it = policy == config::ToString(config::DeletionPolicy::kDelete) ||
                         policy == config::ToString(config::DeletionPolicy::kSnapshot);
  action.kind = delete_it ? ActionKind::kDelete : ActionKind::kRelease;
  action.message = delete_it ? "no file declares it and its DeletionPolicy is " + policy
                             : "no file declares it; DeletionPolicy Retain keeps it in AWS";
  return action;
}

std::vector<std::vector<const std::string*>> DependencyLevels(
    const std::vector<const std::string*>& keys,
    const std::function<StringSet(const std::string&)>& dependencies_of) {
  // Each key by its text, and its depth by the key's own string: hashed, not copied, since a
  // steady cycle asks this of all 10,000.
  std::unordered_map<std::string_view, const std::string*> members;
  for (const std::string* key : keys) members.emplace(*key, key);
  std::unordered_map<const std::string*, int> level;
  // Depth-first with memo; validation has already refused cycles, `visiting` guards anyway.
  std::unordered_set<const std::string*> visiting;
  std::function<int(const std::string&)> depth = [&](const std::string& key) -> int {
    if (auto known = level.find(&key); known != level.end()) return known->second;
    if (!visiting.insert(&key).second) return 0;
    int deepest = -1;
    for (const auto& dependency : dependencies_of(key)) {
      if (auto member = members.find(dependency); member != members.end())
        deepest = std::max(deepest, depth(*member->second));
    }
    visiting.erase(&key);
    return level[&key] = deepest + 1;
  };
  std::vector<std::vector<const std::string*>> levels;
  for (const std::string* key : keys) {
    const int at = depth(*key);
    if (static_cast<int>(levels.size()) <= at) levels.resize(at + 1);
    levels[at].push_back(key);
  }
  return levels;
}

json ToJson(const Action& action) {
  json changes = json::array();
  for (const auto& change : action.diff.changes) changes.push_back(ToJson(change));
  return {{"logical_id", action.logical_id},
          {"type", action.where.type},
          {"region", action.where.region},
          {"action", ToString(action.kind)},
          {"physical_id", action.observed ? action.observed->physical_id : ""},
          {"changes", changes},
          {"message", action.message}};
}

}  // namespace awsr::engine
