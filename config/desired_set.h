// All the desired-state files of the watched directory, and the resources they put in force.
// Pure: the daemon reads the files and watches the directory, and hands the texts over here.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/cross_file_checks.h"
#include "config/document.h"
#include "config/schema.h"

namespace awsr::config {

enum class FileState {
  kOk,     // the newest version is in force, nothing to report
  kStale,  // problems to report; a version of the file (the newest or an earlier one) is in force
  kError,  // problems to report; nothing of the file is in force
};
std::string_view ToString(FileState state);

using Clock = std::chrono::system_clock;

// A read-only handle on the declarations a DesiredSet put in force, shared by whoever holds
// them (the set, the engine): at 10,000 resources each holder's own copy was tens of MiB. A
// settle that changes something makes a new map, so a handle never sees one change under it.
class SharedDeclarations {
 public:
  SharedDeclarations() : map_(std::make_shared<const Declarations>()) {}
  explicit SharedDeclarations(std::shared_ptr<const Declarations> map) : map_(std::move(map)) {}

  operator const Declarations&() const { return *map_; }
  // The same map as `other` (not merely equal ones).
  bool SameAs(const SharedDeclarations& other) const { return map_ == other.map_; }

  Declarations::const_iterator begin() const { return map_->begin(); }
  Declarations::const_iterator end() const { return map_->end(); }
  Declarations::const_iterator find(const std::string& id) const { return map_->find(id); }
  bool contains(const std::string& id) const { return map_->contains(id); }
  const ResourceDecl& at(const std::string& id) const { return *map_->at(id); }
  bool empty() const { return map_->empty(); }
  std::size_t size() const { return map_->size(); }

 private:
  std::shared_ptr<const Declarations> map_;
};

// What GET /v1/files shows for one file.
struct FileStatus {
  std::string name;
  FileState state = FileState::kOk;
  std::vector<Problem> problems;
  bool newest_in_force = false;
  std::size_t resource_count = 0;  // of the version in force
  std::string newest_sha256;       // of the newest text handed in
  std::string in_force_sha256;     // empty when nothing is in force
  Clock::time_point updated_at;    // when the newest text was handed in
  Clock::time_point loaded_at;     // when the version in force was handed in
};

// The rules (docs/desired-state.md has them for users):
// - A version is taken into force only if it is valid on its own and with the files in force:
//   no duplicate logical ID, no dangling reference, no cycle. Otherwise the file's previous
//   version stays in force; a file never good contributes nothing. So a bad file never makes
//   a resource disappear, and the daemon never deletes because of one.
// - A logical ID declared twice stays with the file that held it; a newcomer is refused (on a
//   first load, the file handed in first holds it). The problem is reported in both files.
// - Refused versions are retried on every change, so a reference to a resource in a file
//   saved a moment later is taken as soon as that file arrives.
// - Removing a file removes its resources: that is a deliberate change.
class DesiredSet {
 public:
  explicit DesiredSet(const TypeCatalog& catalog) : catalog_(catalog) {}

  // One file's new text (new or changed file), or its removal (no text), or why it could not
  // be read (`unreadable` set): a file that exists but cannot be read is an error of that file,
  // never a removal, so its last good version stays in force.
  struct FileUpdate {
    std::string name;
    std::optional<std::string> text;
    std::string unreadable;
  };

  // A new text for a file (new or changed). Returns whether Resources() changed.
  bool UpdateFile(const std::string& name, std::string_view text, Clock::time_point now);
  // The file was deleted. Returns whether Resources() changed.
  bool RemoveFile(const std::string& name);
  // Several changes decided together, as if they had arrived one by one in this order: a
  // start or a burst of edits costs one settle instead of one per file.
  bool Update(const std::vector<FileUpdate>& updates, Clock::time_point now);

  // Sorted by name.
  std::vector<FileStatus> Files() const;
  // Every problem of every file, sorted by file and pointer.
  std::vector<Problem> Problems() const;
  // How many files there are, and how many of them have problems (without building Files()).
  struct FileCounts {
    std::size_t total = 0;
    std::size_t with_problems = 0;
  };
  FileCounts CountFiles() const;
  // The resources in force, by logical ID.
  const Declarations& Resources() const { return resources_; }
  // The same, for holders that keep them: shared, never copied.
  const SharedDeclarations& SharedResources() const { return resources_; }

 private:
  struct Version {
    std::string sha256;
    Clock::time_point loaded_at;
    ParsedDocument document;
  };
  struct Entry {
    std::uint64_t sequence = 0;  // order of first arrival: the tie-break for new duplicates
    std::shared_ptr<const Version> newest;
    std::shared_ptr<const Version> in_force;
    std::vector<Problem> cross_file_problems;
  };

  // Takes a new text in without deciding anything; returns whether it differs from the last.
  bool Stage(const std::string& name, std::string_view text, Clock::time_point now);
  // Records that the file exists but could not be read; returns whether that is news.
  bool StageUnreadable(const std::string& name, const std::string& reason, Clock::time_point now);
  // The file is gone; returns whether it was known.
  bool Forget(const std::string& name);
  // Decides what is in force after any change; returns whether Resources() changed.
  bool Settle();
  // The same decision, in time proportional to the staged files, when it is certain to be
  // "every staged file's newest good version in force, no problems anywhere"; nullopt when
  // it is not (desired_set_quick_settle.cc says when), and then Settle checks every file.
  std::optional<bool> SettleInPlace();
  std::vector<std::string> NamesInArrivalOrder() const;

  const TypeCatalog& catalog_;
  std::map<std::string, Entry> files_;
  std::uint64_t next_sequence_ = 0;
  SharedDeclarations resources_;
  // Files staged since the last settle, and whether one of them was a removal that took
  // resources away (only a whole settle finds what referred to them).
  std::set<std::string> staged_;
  bool removed_resources_ = false;
  // The last settle left no problem in any file and refused no version: what SettleInPlace
  // builds on.
  bool clean_ = true;
};

// For `awsreconciled validate [DIR]`: loads `files` (name -> text) as the daemon would and
// returns every problem (print each with Problem::ToString()).
std::vector<Problem> ValidateFiles(const std::map<std::string, std::string>& files,
                                   const TypeCatalog& catalog);

}  // namespace awsr::config
