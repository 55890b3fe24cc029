#include "config/cross_file_checks.h"

#include <algorithm>
#include <string_view>

#include "config/dependency_graph.h"
#include "config/intrinsics.h"

namespace awsr::config {
namespace {

using Pointer = nlohmann::json::json_pointer;

std::string ResourcePointer(const std::string& id) {
  return (Pointer("/Resources") / id).to_string();
}

class CrossFileChecker {
 public:
  CrossFileChecker(const std::vector<FileResources>& files, const Declarations& in_force,
                   const TypeCatalog& catalog)
      : files_(files), holders_(Holders(files, in_force)), catalog_(catalog) {
    effective_.reserve(holders_.size());
    for (const FileResources& file : files_) {
      for (const ResourceDecl& decl : *file.resources) {
        if (holders_.at(decl.logical_id) == file.file) effective_.emplace(decl.logical_id, &decl);
      }
    }
  }

  CrossFileChecks Run() {
    Duplicates();
    // In the files' order, each file's resources sorted: each file's problems in ID order.
    for (const FileResources& file : files_) {
      for (const ResourceDecl& decl : *file.resources) {
        if (holders_.at(decl.logical_id) == file.file) References(decl);
      }
    }
    Cycles();
    return {std::move(problems_), std::move(holders_)};
  }

 private:
  void Duplicates() {
    for (const FileResources& file : files_) {
      for (const ResourceDecl& decl : *file.resources) {
        const std::string& holder = holders_.at(decl.logical_id);
        if (holder == file.file) continue;
        const std::string at = ResourcePointer(decl.logical_id);
        Report(file.file, at, "logical ID " + decl.logical_id + " is already declared in " + holder,
               file.file);
        Report(holder, at,
               "logical ID " + decl.logical_id + " is also declared in " + file.file.str() +
                   ", which is not taken into force",
               file.file);
      }
    }
  }

  // Why `ref` does not resolve among the effective declarations; empty when it does.
  std::string Unresolved(const Reference& ref) const {
    auto target = effective_.find(ref.logical_id);
    return WhyUnresolved(ref, target == effective_.end() ? nullptr : target->second, catalog_);
  }

  void References(const ResourceDecl& decl) {
    const Pointer at = Pointer("/Resources") / decl.logical_id;
    // The references found when the file was read; only a broken one needs them found again,
    // with the pointers its report names.
    const bool resolves =
        std::all_of(decl.references.begin(), decl.references.end(),
                    [&](const Reference& ref) { return Unresolved(ref).empty(); });
    if (!resolves) {
      for (const LocatedReference& ref :
           FindReferences(decl.properties.Unpack(), at / "Properties")) {
        if (std::string why = Unresolved(ref); !why.empty()) {
          Report(decl.file, ref.pointer, std::move(why), decl.file);
        }
      }
    }
    const std::vector<std::string>& depends_on = decl.DependsOn();
    for (std::size_t i = 0; i < depends_on.size(); ++i) {
      if (effective_.contains(depends_on[i])) continue;
      Pointer where = at / "DependsOn";
      Report(decl.file, (depends_on.size() == 1 ? where : where / i).to_string(),
             "DependsOn unknown logical ID " + depends_on[i], decl.file);
    }
  }

  // A search for loops among 10,000 resources at every settle cost more than every other
  // check. A resource on a loop is never one whose dependencies could all be peeled off
  // before it (Kahn's order), so the search runs only on what peeling leaves: nothing, when
  // there is no loop.
  DependencyGraph Unpeelable() const {
    std::vector<const ResourceDecl*> nodes;
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(effective_.size());
    for (const auto& [id, decl] : effective_) {
      index.emplace(id, nodes.size());
      nodes.push_back(decl);
    }
    std::vector<std::vector<std::size_t>> dependents(nodes.size());
    std::vector<std::size_t> waiting_on(nodes.size(), 0);  // dependencies not peeled yet
    std::vector<std::size_t> peelable;
    for (std::size_t node = 0; node < nodes.size(); ++node) {
      std::vector<std::size_t> targets;
      const auto add = [&](const std::string& id) {
        if (auto target = index.find(id); target != index.end()) targets.push_back(target->second);
      };
      for (const std::string& id : nodes[node]->DependsOn()) add(id);
      for (const Reference& reference : nodes[node]->references) add(reference.logical_id);
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      for (std::size_t target : targets) dependents[target].push_back(node);
      waiting_on[node] = targets.size();
      if (targets.empty()) peelable.push_back(node);
    }
    while (!peelable.empty()) {
      const std::size_t node = peelable.back();
      peelable.pop_back();
      for (std::size_t dependent : dependents[node]) {
        if (--waiting_on[dependent] == 0) peelable.push_back(dependent);
      }
    }
    DependencyGraph left;
    for (std::size_t node = 0; node < nodes.size(); ++node) {
      if (waiting_on[node] > 0) {
        const StringSet needs = nodes[node]->Dependencies();
        left[nodes[node]->logical_id] = std::set<std::string>(needs.begin(), needs.end());
      }
    }
    return left;
  }

  void Cycles() {
    const DependencyGraph graph = Unpeelable();
    for (const auto& cycle : FindCycles(graph)) {
      std::string path;
      for (const std::string& id : cycle) path += (path.empty() ? "" : " -> ") + id;
      std::map<std::string, std::string> first_in_file;
      std::set<std::string> files;
      for (const std::string& id : cycle) {
        first_in_file.emplace(effective_.at(id)->file, id);
        files.insert(effective_.at(id)->file);
      }
      for (const auto& [file, id] : first_in_file) {
        problems_.push_back({{file, ResourcePointer(id), "dependency cycle: " + path}, files});
      }
    }
  }

  void Report(const std::string& file, std::string pointer, std::string message,
              const std::string& culprit) {
    problems_.push_back({{file, std::move(pointer), std::move(message)}, {culprit}});
  }

  const std::vector<FileResources>& files_;
  HolderMap holders_;
  const TypeCatalog& catalog_;
  // Keyed by the declarations' own IDs: no copy of 10,000 strings per check.
  std::unordered_map<std::string_view, const ResourceDecl*> effective_;
  std::vector<CrossFileProblem> problems_;
};

}  // namespace

std::string WhyUnresolved(const Reference& ref, const ResourceDecl* target,
                          const TypeCatalog& catalog) {
  if (target == nullptr) return "reference to unknown logical ID " + ref.logical_id;
  const TypeSchema* type = catalog.Find(target->type);
  if (!ref.attribute.empty() && type != nullptr && !type->attributes.contains(ref.attribute)) {
    return type->name + " " + ref.logical_id + " has no attribute " + ref.attribute;
  }
  return "";
}

HolderMap Holders(const std::vector<FileResources>& files, const Declarations& in_force) {
  HolderMap result;
  result.reserve(in_force.size());
  for (const FileResources& file : files) {
    for (const ResourceDecl& decl : *file.resources) {
      auto previous = in_force.find(decl.logical_id);
      if (previous != in_force.end() && previous->second->file == file.file) {
        result[decl.logical_id] = file.file;  // the holder keeps its place
      } else {
        result.emplace(decl.logical_id, file.file);
      }
    }
  }
  return result;
}

CrossFileChecks CheckAcrossFiles(const std::vector<FileResources>& files,
                                 const Declarations& in_force, const TypeCatalog& catalog) {
  return CrossFileChecker(files, in_force, catalog).Run();
}

}  // namespace awsr::config
