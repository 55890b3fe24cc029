// Ownership of what IAM cannot tag: groups, and user-to-group memberships, which have no AWS
// identity at all. The daemon's tags live here instead, in state_dir/iam-ownership.json,
// keyed by kind and a key (a group's name; a membership's logical ID), and the reconcilers
// report them as the resource's tags, so the engine treats these types like any tagged one.
//
// Consequences, documented in docs/resource-types.md:
//  - an entry is written before the create is sent (group_ledger.h: pending, then pinned to
//    the group's id, so a group deleted and re-created by someone else under the same name is
//    not ours), so a crash right after the create leaves a group the daemon still knows;
//  - a released resource keeps its entry, with the released owner (engine/identity.h);
//  - losing the state directory turns our groups into look-alikes (Conflict), never into
//    resources deleted or changed without an owner.
// Writes are atomic and durable (temporary file, fsync, rename, directory fsync:
// daemon/base/durable_file.h). Runs on the daemon's one thread.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/error.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::iam {

struct LedgerEntry {
  engine::TagMap tags;                                // the ownership tags, as they would be on AWS
  nlohmann::json details = nlohmann::json::object();  // kind-specific: group id, users
};

class OwnershipLedger {
 public:
  // path: the file; empty keeps the ledger in memory (tests). A missing file is empty; an
  // unreadable one is moved aside (".corrupt") and the ledger starts empty.
  explicit OwnershipLedger(std::string path);

  std::optional<LedgerEntry> Find(std::string_view kind, std::string_view key) const;
  std::vector<std::pair<std::string, LedgerEntry>> All(std::string_view kind) const;
  Result<void> Put(std::string_view kind, std::string_view key, const LedgerEntry& entry);
  // Moves with every change (Put, Remove, Retag): what was made of the ledger still holds while
  // it has not moved.
  std::uint64_t Generation() const { return generation_; }
  Result<void> Remove(std::string_view kind, std::string_view key);
  // Reconciler::RetagOwnership for a ledger entry: the entry gets `details` (what is true of
  // the resource now), `add` joins its tags, `remove` leaves; without an owner tag it goes.
  Result<void> Retag(std::string_view kind, std::string_view key, nlohmann::json details,
                     const engine::TagMap& add, const std::vector<std::string>& remove);

 private:
  Result<void> Save() const;
  std::string Text() const;

  std::string path_;
  // {kind: {key: the entry's JSON text, {"details": ..., "tags": ...}}}: an entry is parsed when
  // asked for, and the file is written from the texts. A DOM of every entry, held for the
  // daemon's life, was ~0.8 KB a group (0.6 MB at 10,000 resources).
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> entries_;
  std::uint64_t generation_ = 0;
};

}  // namespace awsr::reconcilers::iam
