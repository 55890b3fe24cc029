#include "daemon/engine/detail_reads.h"

#include <algorithm>

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
  for (const auto& [property, known] : settings) {
    if (property != "Tags") {
      resource.properties[property] = known.value;
      continue;
    }
    resource.tags = TagsFromList(known.value);
    TagMap user;
    for (const auto& [key, value] : resource.tags) {
      if (!IsReservedTag(key)) user[key] = value;
    }
    resource.properties["Tags"] = TagList(user);
    resource.tags_unknown = false;
  }
}

void DetailCache::Apply(const TypeRegion& where, ObservedList& fresh, Extent extent) {
  std::set<std::string> present;
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    present.insert(fresh[i].physical_id);
    const auto resource_known = known_.find({where, fresh[i].physical_id});
    if (resource_known == known_.end()) continue;
    const Resource& known = resource_known->second;
    applied_[where].Apply(fresh, i, known.version, [&](ObservedResource& resource, auto) {
      PutSettings(known.settings, resource);
    });
  }
  if (extent == Extent::kFocused) return;
  std::erase_if(known_, [&](const auto& entry) {
    return entry.first.first == where && !present.contains(entry.first.second);
  });
  applied_[where].ForgetIf([&](const std::string& id) { return !present.contains(id); });
}

}  // namespace awsr::engine
