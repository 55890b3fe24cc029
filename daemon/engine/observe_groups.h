// Every status and every declaration sorted by the (type, region) observing it: each of a full
// cycle's dozens of observations walking all 10,000 of both cost ~6% of it (issue #16). The
// engine keeps one from cycle to cycle: the declarations are sorted again only when a file
// changes, the statuses when one does.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "config/desired_set.h"
#include "daemon/engine/observed_index.h"
#include "daemon/engine/status_store.h"

namespace awsr::engine {

class ObserveGroups {
 public:
  using Statuses = StatusStore::Statuses;
  using StatusEntry = Statuses::value_type;
  using Declaration = config::Declarations::value_type;

  // The statuses of `where`'s type and account, whatever their region (an observation is
  // handed the physical IDs its type has anywhere), by logical ID. Sorted again whenever
  // `generation` (the store's: it moves with every status handed out, added or erased) is not
  // the one sorted. Good until the next call: ask again after a co_await.
  const std::vector<const StatusEntry*>& StatusesOf(const TypeRegion& where,
                                                    const Statuses& statuses,
                                                    std::uint64_t generation);
  // The declarations IsAt `where`, by logical ID. Sorted again when `desired` is not the map
  // sorted (a file changed during the cycle) or the default region moved. Good until the next
  // call.
  const std::vector<const Declaration*>& DeclarationsAt(const TypeRegion& where,
                                                        const config::SharedDeclarations& desired,
                                                        const std::string& default_region);
  // Every property some declaration at `where` sets (ObserveScope::properties_in_use), found
  // once per sort of the declarations. Good until the next call.
  const std::set<std::string>& PropertiesAt(const TypeRegion& where,
                                            const config::SharedDeclarations& desired,
                                            const std::string& default_region);
  // Every (type, region) some declaration is at, each once.
  std::vector<TypeRegion> DeclaredPlaces(const config::SharedDeclarations& desired,
                                         const std::string& default_region);

 private:
  // Keyed by copies, looked up by views: sorting copies a key once per group, not per member.
  using StatusKey = std::tuple<std::string, std::string>;                    // type, role ARN
  using DeclarationKey = std::tuple<std::string, std::string, std::string>;  // TypeRegion's

  bool statuses_sorted_ = false;
  std::uint64_t statuses_generation_ = 0;
  std::map<StatusKey, std::vector<const StatusEntry*>, std::less<>> statuses_;

  struct DeclarationGroup {
    std::vector<const Declaration*> members;
    std::optional<std::set<std::string>> properties;  // found at the first PropertiesAt
  };
  // The group of `where`, after sorting again if `desired` or `default_region` moved; null
  // when no declaration is there.
  DeclarationGroup* GroupOf(const TypeRegion& where, const config::SharedDeclarations& desired,
                            const std::string& default_region);
  void SortDeclarations(const config::SharedDeclarations& desired,
                        const std::string& default_region);

  bool declarations_sorted_ = false;
  config::SharedDeclarations desired_;  // keeps what the pointers point into
  std::string default_region_;
  std::map<DeclarationKey, DeclarationGroup, std::less<>> declarations_;
};

}  // namespace awsr::engine
