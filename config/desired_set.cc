#include "config/desired_set.h"

#include <algorithm>
#include <set>

#include "config/cross_file_checks.h"
#include "daemon/base/crypto.h"

namespace awsr::config {

std::string_view ToString(FileState state) {
  switch (state) {
    case FileState::kOk:
      return "ok";
    case FileState::kStale:
      return "stale";
    case FileState::kError:
      return "error";
  }
  return "error";
}

bool DesiredSet::UpdateFile(const std::string& name, std::string_view text, Clock::time_point now) {
  return Stage(name, text, now) && Settle();
}

bool DesiredSet::RemoveFile(const std::string& name) { return Forget(name) && Settle(); }

bool DesiredSet::Forget(const std::string& name) {
  auto entry = files_.find(name);
  if (entry == files_.end()) return false;
  const auto& in_force = entry->second.in_force;
  removed_resources_ = removed_resources_ || (in_force && !in_force->document.resources.empty());
  staged_.insert(name);
  files_.erase(entry);
  return true;
}

bool DesiredSet::Update(const std::vector<FileUpdate>& updates, Clock::time_point now) {
  bool staged = false;
  for (const FileUpdate& update : updates) {
    const bool changed = !update.unreadable.empty()
                             ? StageUnreadable(update.name, update.unreadable, now)
                         : update.text ? Stage(update.name, *update.text, now)
                                       : Forget(update.name);
    staged = staged || changed;
  }
  return staged && Settle();
}

bool DesiredSet::Stage(const std::string& name, std::string_view text, Clock::time_point now) {
  auto [it, inserted] = files_.try_emplace(name);
  Entry& entry = it->second;
  std::string sha256 = Sha256Hex(text);
  if (!inserted && entry.newest->sha256 == sha256) return false;
  if (inserted) entry.sequence = next_sequence_++;
  entry.newest = std::make_shared<const Version>(
      Version{std::move(sha256), now, ParseDocument(name, text, catalog_)});
  staged_.insert(name);
  return true;
}

bool DesiredSet::StageUnreadable(const std::string& name, const std::string& reason,
                                 Clock::time_point now) {
  auto [it, inserted] = files_.try_emplace(name);
  Entry& entry = it->second;
  const std::vector<Problem> problems = {{name, "", "cannot read the file: " + reason}};
  if (!inserted && entry.newest->sha256.empty() && entry.newest->document.problems == problems) {
    return false;
  }
  if (inserted) entry.sequence = next_sequence_++;
  // No text, no hash: the version in force (if any) is what Settle keeps.
  entry.newest = std::make_shared<const Version>(Version{"", now, ParsedDocument{{}, problems}});
  staged_.insert(name);
  return true;
}

std::vector<std::string> DesiredSet::NamesInArrivalOrder() const {
  std::vector<std::pair<std::uint64_t, const std::string*>> arrivals;
  for (const auto& [name, entry] : files_) arrivals.emplace_back(entry.sequence, &name);
  std::sort(arrivals.begin(), arrivals.end());
  std::vector<std::string> names;
  names.reserve(arrivals.size());
  for (const auto& [sequence, name] : arrivals) names.push_back(*name);
  return names;
}

bool DesiredSet::Settle() {
  if (std::optional<bool> changed = SettleInPlace()) return *changed;
  staged_.clear();
  removed_resources_ = false;
  const std::vector<std::string> order = NamesInArrivalOrder();
  // Start from every newest version that is valid on its own; those not in force yet are on
  // trial, and refused one by one (falling back to the version in force) until the rest agree.
  std::map<std::string, const Version*> chosen;
  std::set<std::string> on_trial;
  for (const std::string& name : order) {
    Entry& entry = files_.at(name);
    entry.cross_file_problems.clear();
    const bool candidate = entry.newest->document.ok() && entry.newest != entry.in_force;
    chosen[name] = candidate ? entry.newest.get() : entry.in_force.get();
    if (candidate) on_trial.insert(name);
  }

  std::vector<FileResources> in_force;
  CrossFileChecks checked;
  std::vector<CrossFileProblem>& remaining = checked.problems;
  std::vector<Problem> refusals;
  while (true) {
    in_force.clear();
    for (const std::string& name : order) {
      if (chosen[name] != nullptr) in_force.push_back({name, &chosen[name]->document.resources});
    }
    checked = CheckAcrossFiles(in_force, Resources(), catalog_);
    std::set<std::string> refused;
    for (const auto& p : remaining) {
      for (const std::string& culprit : p.culprits) {
        if (on_trial.contains(culprit)) refused.insert(culprit);
      }
    }
    if (refused.empty()) break;
    for (const auto& p : remaining) {
      const bool refusing = std::any_of(p.culprits.begin(), p.culprits.end(),
                                        [&](const auto& c) { return refused.contains(c); });
      if (refusing) refusals.push_back(p.problem);
    }
    for (const std::string& name : refused) {
      chosen[name] = files_.at(name).in_force.get();
      on_trial.erase(name);
    }
  }

  // What is left involves only versions already in force (say, a reference into a removed
  // file): reported, but those versions stay, since nothing better is available.
  for (const auto& p : remaining)
    files_.at(p.problem.file).cross_file_problems.push_back(p.problem);
  for (const auto& p : refusals) files_.at(p.file).cross_file_problems.push_back(p);
  for (const std::string& name : on_trial) files_.at(name).in_force = files_.at(name).newest;
  clean_ = remaining.empty() && refusals.empty();

  // The holders of the files in force, checked last: from now on, the declarations' own files.
  const HolderMap& holders = checked.holders;
  Declarations resources;
  for (const std::string& name : order) {
    const std::shared_ptr<const Version>& version = files_.at(name).in_force;
    if (version == nullptr) continue;
    for (const ResourceDecl& decl : version->document.resources) {
      // Shares the version's ownership: the declaration lives as long as a map names it.
      if (holders.at(decl.logical_id) == name) {
        resources.emplace(decl.logical_id, DeclarationRef(version, &decl));
      }
    }
  }
  // Unchanged, the map others hold stays the one in force; changed, a new one replaces it.
  if (SameDeclarations(resources, Resources())) return false;
  resources_ = SharedDeclarations(std::make_shared<const Declarations>(std::move(resources)));
  return true;
}

std::vector<FileStatus> DesiredSet::Files() const {
  std::vector<FileStatus> files;
  for (const auto& [name, entry] : files_) {
    FileStatus status;
    status.name = name;
    status.problems = entry.newest->document.problems;
    status.problems.insert(status.problems.end(), entry.cross_file_problems.begin(),
                           entry.cross_file_problems.end());
    status.newest_in_force = entry.in_force == entry.newest;
    status.newest_sha256 = entry.newest->sha256;
    status.updated_at = entry.newest->loaded_at;
    if (entry.in_force) {
      status.resource_count = entry.in_force->document.resources.size();
      status.in_force_sha256 = entry.in_force->sha256;
      status.loaded_at = entry.in_force->loaded_at;
    }
    status.state = status.problems.empty() ? FileState::kOk
                   : entry.in_force        ? FileState::kStale
                                           : FileState::kError;
    files.push_back(std::move(status));
  }
  return files;
}

std::vector<Problem> DesiredSet::Problems() const {
  std::vector<Problem> problems;
  for (const auto& [name, entry] : files_) {
    const auto& own = entry.newest->document.problems;
    problems.insert(problems.end(), own.begin(), own.end());
    problems.insert(problems.end(), entry.cross_file_problems.begin(),
                    entry.cross_file_problems.end());
  }
  return problems;
}

DesiredSet::FileCounts DesiredSet::CountFiles() const {
  FileCounts counts{.total = files_.size()};
  for (const auto& [name, entry] : files_) {
    const bool problems =
        !entry.newest->document.problems.empty() || !entry.cross_file_problems.empty();
    counts.with_problems += problems ? 1 : 0;
  }
  return counts;
}

std::vector<Problem> ValidateFiles(const std::map<std::string, std::string>& files,
                                   const TypeCatalog& catalog) {
  DesiredSet set(catalog);
  std::vector<DesiredSet::FileUpdate> updates;
  for (const auto& [name, text] : files) updates.push_back({name, text, ""});
  set.Update(updates, Clock::now());
  return set.Problems();
}

}  // namespace awsr::config
