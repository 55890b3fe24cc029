// Bounded per-resource reads. Some settings AWS reveals only one resource at a time (an S3
// bucket's versioning or tags, an ECR repository's tags): a call per resource and per setting.
// Reading all of them every cycle would make a steady cycle's calls grow with the fleet, so
// the engine reads them within a budget and remembers what it read: only the settings a file
// sets ("Tags" always, where ownership lives), what a file change or a write touched at once,
// then the never-read, then the longest unread. With N resources of k settings each, drift on
// a setting is seen within ceil(N*k / budget) cycles (docs/desired-state.md).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/engine/derived_observed.h"
#include "daemon/engine/observed_index.h"
#include "daemon/engine/status.h"

namespace awsr::engine {

struct DetailBudget {
  int per_cycle = 200;    // detail reads in one cycle, over every service
  int per_service = 100;  // ... and per AWS service (the signing name)
};

// One read to make: one setting of one resource.
struct DetailRead {
  TypeRegion where;
  std::string service;
  std::string physical_id;
  std::string property;
  std::string logical_id;  // the desired resource it serves, if any
  bool urgent = false;     // a file change or a write touched it: read now, whatever the budget
  std::optional<WallClock::time_point> last_read;  // nullopt: never read
};

// The reads of one cycle: every urgent one; then, while the budget lasts (urgent reads count
// against it too), the never-read, then the longest unread. Pure.
std::vector<DetailRead> ChooseDetailReads(std::vector<DetailRead> wanted,
                                          const DetailBudget& budget);

// What was read of each resource, by (type, region, physical id) and setting.
class DetailCache {
 public:
  void Record(const TypeRegion& where, const std::string& physical_id, const std::string& property,
              nlohmann::json value, WallClock::time_point at);
  void Forget(const TypeRegion& where, const std::string& physical_id);
  std::optional<WallClock::time_point> ReadAt(const TypeRegion& where,
                                              const std::string& physical_id,
                                              const std::string& property) const;
  // When every one of `properties` was read, the oldest of those reads: when the resource was
  // last read whole.
  std::optional<WallClock::time_point> FullyReadAt(const TypeRegion& where,
                                                   const std::string& physical_id,
                                                   const std::set<std::string>& properties) const;
  // Puts what is known into a fresh observation of `where` ("Tags" into tags and the user's
  // Tags, clearing tags_unknown). A whole observation also forgets the resources it no longer
  // holds; a focused one (of some resources only) forgets nothing.
  enum class Extent { kWhole, kFocused };
  void Apply(const TypeRegion& where, ObservedList& fresh, Extent extent = Extent::kWhole);

 private:
  struct Known {
    nlohmann::json value;
    WallClock::time_point read_at;
  };
  // One resource's settings, and how many times a value among them changed: a read that finds
  // what was known moves only read_at, and leaves what Apply made of them as it was.
  struct Resource {
    std::map<std::string, Known> settings;
    std::uint64_t version = 0;
  };
  static void PutSettings(const std::map<std::string, Known>& settings, ObservedResource& resource);

  using Key = std::pair<TypeRegion, std::string>;
  std::map<Key, Resource> known_;
  std::map<TypeRegion, DerivedObserved<std::uint64_t>> applied_;
};

}  // namespace awsr::engine
