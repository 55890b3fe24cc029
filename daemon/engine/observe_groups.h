// Every status and every declaration sorted once by the (type, region) observing it: each of
// a full cycle's dozens of observations walking all 10,000 of both cost ~6% of it (issue #16).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "config/desired_set.h"
#include "daemon/engine/observed_index.h"
#include "daemon/engine/status.h"

namespace awsr::engine {

class ObserveGroups {
 public:
  using Statuses = std::map<std::string, ResourceStatus, std::less<>>;
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

 private:
  // Keyed by copies, looked up by views: sorting copies a key once per group, not per member.
  using StatusKey = std::tuple<std::string, std::string>;                    // type, role ARN
  using DeclarationKey = std::tuple<std::string, std::string, std::string>;  // TypeRegion's

  bool statuses_sorted_ = false;
  std::uint64_t statuses_generation_ = 0;
  std::map<StatusKey, std::vector<const StatusEntry*>, std::less<>> statuses_;

  bool declarations_sorted_ = false;
  config::SharedDeclarations desired_;  // keeps what the pointers point into
  std::string default_region_;
  std::map<DeclarationKey, std::vector<const Declaration*>, std::less<>> declarations_;
};

}  // namespace awsr::engine
