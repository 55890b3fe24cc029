#include "daemon/engine/detail_reads.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "daemon/engine/tags.h"

namespace awsr::engine {

std::vector<DetailRead> ChooseDetailReads(std::vector<DetailRead> wanted,
                                          const DetailBudget& budget) {
  // Urgent first, then never read, then oldest read; ties in a stable order.
  std::stable_sort(wanted.begin(), wanted.end(), [](const DetailRead& a, const DetailRead& b) {
    if (a.urgent != b.urgent) return a.urgent;
    if (a.last_read.has_value() != b.last_read.has_value()) return !a.last_read.has_value();
    return a.last_read.value_or(WallClock::time_point{}) <
           b.last_read.value_or(WallClock::time_point{});
  });
  std::vector<DetailRead> chosen;
  std::map<std::string, int> per_service;
  int total = 0;
  for (DetailRead& read : wanted) {
    int& service_count = per_service[read.service];
    const bool within = total < budget.per_cycle && service_count < budget.per_service;
    if (!read.urgent && !within) continue;
    ++total;
    ++service_count;
    chosen.push_back(std::move(read));
  }
  return chosen;
}

void DetailCache::Record(const TypeRegion& where, const std::string& physical_id,
                         const std::string& property, nlohmann::json value,
                         WallClock::time_point at) {
  Resource& resource = known_[{where, physical_id}];
  auto [known, added] = resource.settings.try_emplace(property);
  if (added || known->second.value != value) ++resource.version;
  known->second = Known{std::move(value), at};
}

void DetailCache::Forget(const TypeRegion& where, const std::string& physical_id) {
  known_.erase({where, physical_id});
  applied_[where].Forget(physical_id);
}

std::optional<WallClock::time_point> DetailCache::ReadAt(const TypeRegion& where,
                                                         const std::string& physical_id,
                                                         const std::string& property) const {
  const auto resource = known_.find({where, physical_id});
  if (resource == known_.end()) return std::nullopt;
  const auto found = resource->second.settings.find(property);
  if (found == resource->second.settings.end()) return std::nullopt;
  return found->second.read_at;
}

std::optional<WallClock::time_point> DetailCache::FullyReadAt(
    const TypeRegion& where, const std::string& physical_id,
    const std::set<std::string>& properties) const {
  std::optional<WallClock::time_point> oldest;
  for (const auto& property : properties) {
    const auto at = ReadAt(where, physical_id, property);
    if (!at) return std::nullopt;
    oldest = oldest ? std::min(*oldest, *at) : *at;
  }
  return oldest;
}

void DetailCache::PutSettings(const std::map<std::string, Known>& settings,
                              ObservedResource& resource) {
  if (settings.empty()) return;
  nlohmann::json properties = resource.properties;  // unpacked once, packed once
  for (const auto& [property, known] : settings) {
    if (property != "Tags") {
      properties[property] = known.value;
      continue;
    }
    resource.tags = TagsFromList(known.value);
    TagMap user;
    for (const auto& [key, value] : resource.tags) {
      if (!IsReservedTag(key)) user[key] = value;
    }
    properties["Tags"] = TagList(user);
    resource.tags_unknown = false;
  }
  resource.properties = properties;
}

void DetailCache::Apply(const TypeRegion& where, ObservedList& fresh, Extent extent) {
  // known_ is sorted by (where, physical ID): `where`'s resources are one range of it, and most
  // types have nothing read apart. Neither costs a walk of every resource known (issue #16).
  Key probe{where, std::string()};
  const auto first = known_.lower_bound(probe);
  const auto in_range = [&](auto entry) {
    return entry != known_.end() && entry->first.first == where;
  };
  const auto applied = applied_.find(where);
  if (!in_range(first) && applied == applied_.end()) return;
  DerivedObserved<std::uint64_t>& derived =
      applied != applied_.end() ? applied->second : applied_[where];
  std::vector<std::string_view> present;  // into `fresh`'s resources, as they end up
  present.reserve(fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    probe.second = fresh[i].physical_id;  // the key reused: no copy of `where` per resource
    if (const auto resource_known = known_.find(probe); resource_known != known_.end()) {
      const Resource& known = resource_known->second;
      derived.Apply(fresh, i, known.version, [&](ObservedResource& resource, auto) {
        PutSettings(known.settings, resource);
      });
    }
    present.push_back(fresh[i].physical_id);
  }
  if (extent == Extent::kFocused) return;
  std::sort(present.begin(), present.end());
  const auto gone = [&](std::string_view id) {
    return !std::binary_search(present.begin(), present.end(), id);
  };
  for (auto entry = first; in_range(entry);) {
    entry = gone(entry->first.second) ? known_.erase(entry) : std::next(entry);
  }
  derived.ForgetIf([&](const std::string& id) { return gone(id); });
}

}  // namespace awsr::engine
