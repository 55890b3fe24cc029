// DesiredSet::SettleInPlace: a file dropped or edited among 10,000 declared resources is
// settled in time proportional to that file, not to the directory.
//
// A whole settle checks every file against every other. When the last settle left no problem
// anywhere and refused nothing, what a few staged files can change is known: their own
// resources. If each staged file keeps every resource its version in force declared (same
// ID, same type: nothing another file refers to goes away or loses an attribute), declares no
// ID another file holds, refers only to what resolves, and closes no dependency cycle, the
// whole settle would take every staged version and report nothing. Then this takes them
// without looking at the other files; otherwise Settle does the whole work, which alone
// writes problems.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "config/desired_set.h"

namespace awsr::config {
namespace {

using StagedIndex = std::unordered_map<std::string_view, const ResourceDecl*>;

// The resource `id` of a parsed document (its resources are sorted by logical ID), or null.
const ResourceDecl* FindIn(const ParsedDocument& document, std::string_view id) {
  const auto& resources = document.resources;
  auto found = std::lower_bound(
      resources.begin(), resources.end(), id,
      [](const ResourceDecl& decl, std::string_view wanted) { return decl.logical_id < wanted; });
  return found != resources.end() && found->logical_id == id ? &*found : nullptr;
}

// The declaration in force under `id`, or null. The map's own ordered lookup: a settle in
// place asks for the few IDs its staged files name, where a hashed index of all 10,000 cost
// ~0.5 MB held between settles.
const ResourceDecl* InForce(const Declarations& resources, std::string_view id) {
  const auto found = resources.find(id);
  return found == resources.end() ? nullptr : found->second.get();
}

// The staged declarations first, then those in force.
class Lookup {
 public:
  Lookup(const StagedIndex& incoming, const Declarations& in_force)
      : incoming_(incoming), in_force_(in_force) {}
  const ResourceDecl* operator()(std::string_view id) const {
    if (auto found = incoming_.find(id); found != incoming_.end()) return found->second;
    return InForce(in_force_, id);
  }

 private:
  const StagedIndex& incoming_;
  const Declarations& in_force_;
};

std::vector<std::string_view> DependencyIds(const ResourceDecl& decl) {
  std::vector<std::string_view> ids(decl.DependsOn().begin(), decl.DependsOn().end());
  for (const Reference& reference : decl.references) ids.push_back(reference.logical_id);
  return ids;
}

// Whether every reference and DependsOn of `decl` names a declaration (with the attribute).
bool Resolves(const ResourceDecl& decl, const Lookup& lookup, const TypeCatalog& catalog) {
  const auto resolves = [&](const Reference& ref) {
    return WhyUnresolved(ref, lookup(ref.logical_id), catalog).empty();
  };
  return std::ranges::all_of(decl.references, resolves) &&
         std::ranges::all_of(decl.DependsOn(),
                             [&](const std::string& id) { return lookup(id) != nullptr; });
}

// Whether following dependencies from `starts` comes back to a resource on the way: the
// only cycles a set without any can gain are through what changed. Depth first, without
// recursion (a chain may be long), each resource finished once.
bool ReachesACycle(const std::vector<const ResourceDecl*>& starts, const Lookup& lookup) {
  std::unordered_set<const ResourceDecl*> on_path;
  std::unordered_set<const ResourceDecl*> finished;
  struct Step {
    const ResourceDecl* decl;
    std::vector<std::string_view> next;
  };
  for (const ResourceDecl* start : starts) {
    if (finished.contains(start)) continue;
    std::vector<Step> path = {{start, DependencyIds(*start)}};
    on_path.insert(start);
    while (!path.empty()) {
      Step& step = path.back();
      if (step.next.empty()) {
        on_path.erase(step.decl);
        finished.insert(step.decl);
        path.pop_back();
        continue;
      }
      const ResourceDecl* dependency = lookup(step.next.back());
      step.next.pop_back();
      if (dependency == nullptr || finished.contains(dependency)) continue;
      if (!on_path.insert(dependency).second) return true;
      path.push_back({dependency, DependencyIds(*dependency)});
    }
  }
  return false;
}

}  // namespace

std::optional<bool> DesiredSet::SettleInPlace() {
  // A standing problem may be resolved by any file; resources that left with a removed file
  // may be referred to from any file.
  if (!clean_ || removed_resources_) return std::nullopt;

  struct Arrival {
    Entry* entry;
    const std::string* name;
    std::shared_ptr<const Version> next;
  };
  std::vector<Arrival> arrivals;
  StagedIndex incoming;
  std::vector<const ResourceDecl*> starts;
  for (const std::string& name : staged_) {
    auto found = files_.find(name);
    if (found == files_.end()) continue;  // removed with nothing in force
    Entry& entry = found->second;
    const std::shared_ptr<const Version>& next =
        entry.newest->document.ok() ? entry.newest : entry.in_force;
    if (next == entry.in_force) continue;  // a bad version: the one in force stays
    if (entry.in_force != nullptr) {
      for (const ResourceDecl& before : entry.in_force->document.resources) {
        const ResourceDecl* after = FindIn(next->document, before.logical_id);
        if (after == nullptr || after->type != before.type) return std::nullopt;
      }
    }
    for (const ResourceDecl& decl : next->document.resources) {
      const ResourceDecl* held = InForce(Resources(), decl.logical_id);
      if (held != nullptr && held->file != name) return std::nullopt;
      if (!incoming.emplace(decl.logical_id, &decl).second) return std::nullopt;
      starts.push_back(&decl);
    }
    arrivals.push_back({&entry, &found->first, next});
  }
  const Lookup lookup(incoming, Resources());
  const bool all_resolve = std::ranges::all_of(
      starts, [&](const ResourceDecl* decl) { return Resolves(*decl, lookup, catalog_); });
  if (!all_resolve || ReachesACycle(starts, lookup)) return std::nullopt;

  staged_.clear();
  Declarations resources = Resources();
  bool changed = false;
  for (const Arrival& arrival : arrivals) {
    arrival.entry->in_force = arrival.next;
    for (const ResourceDecl& decl : arrival.next->document.resources) {
      DeclarationRef ref(arrival.next, &decl);
      auto [place, added] = resources.try_emplace(decl.logical_id, ref);
      changed = changed || added || DeclarationChanged(place->second, ref);
      place->second = std::move(ref);
    }
  }
  // Unchanged, the map others hold stays the one in force.
  if (!changed) return false;
  resources_ = SharedDeclarations(std::make_shared<const Declarations>(std::move(resources)));
  return true;
}

}  // namespace awsr::config
