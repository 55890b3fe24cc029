#include "daemon/engine/observe_groups.h"

namespace awsr::engine {
namespace {

// The group under `key`, a tuple of views, made when missing: the key is copied once per
// group, not once per member.
template <typename Groups, typename Views>
typename Groups::mapped_type& GroupAt(Groups& groups, const Views& key) {
  auto group = groups.find(key);
  if (group == groups.end()) group = groups.try_emplace(typename Groups::key_type(key)).first;
  return group->second;
}

template <typename Groups, typename Views>
const typename Groups::mapped_type& GroupOrNone(const Groups& groups, const Views& key) {
  static const typename Groups::mapped_type kNone;
  const auto group = groups.find(key);
  return group == groups.end() ? kNone : group->second;
}

}  // namespace

const std::vector<const ObserveGroups::StatusEntry*>& ObserveGroups::StatusesOf(
    const TypeRegion& where, const Statuses& statuses, std::uint64_t generation) {
  if (!statuses_sorted_ || generation != statuses_generation_) {
    statuses_.clear();
    for (const StatusEntry& entry : statuses) {
      const ResourceStatus& status = *entry.second;
      GroupAt(statuses_,
              std::tuple<std::string_view, std::string_view>(status.type, status.role_arn))
          .push_back(&entry);
    }
    statuses_sorted_ = true;
    statuses_generation_ = generation;
  }
  return GroupOrNone(statuses_, std::tie(where.type, where.role_arn));
}

void ObserveGroups::SortDeclarations(const config::SharedDeclarations& desired,
                                     const std::string& default_region) {
  if (declarations_sorted_ && desired.SameAs(desired_) && default_region == default_region_) {
    return;
  }
  declarations_.clear();
  desired_ = desired;
  default_region_ = default_region;
  for (const Declaration& entry : static_cast<const config::Declarations&>(desired_)) {
    const config::ResourceDecl& decl = *entry.second;
    // WhereOf's (type, region, account), read in place.
    const std::string_view region = decl.region.empty() ? default_region_ : decl.region.str();
    GroupAt(declarations_, std::tuple<std::string_view, std::string_view, std::string_view>(
                               decl.type, region, decl.account->role_arn))
        .members.push_back(&entry);
  }
  declarations_sorted_ = true;
}

ObserveGroups::DeclarationGroup* ObserveGroups::GroupOf(const TypeRegion& where,
                                                        const config::SharedDeclarations& desired,
                                                        const std::string& default_region) {
  SortDeclarations(desired, default_region);
  const auto group = declarations_.find(std::tie(where.type, where.region, where.role_arn));
  return group == declarations_.end() ? nullptr : &group->second;
}

const std::vector<const ObserveGroups::Declaration*>& ObserveGroups::DeclarationsAt(
    const TypeRegion& where, const config::SharedDeclarations& desired,
    const std::string& default_region) {
  static const std::vector<const Declaration*> kNone;
  const DeclarationGroup* group = GroupOf(where, desired, default_region);
  return group == nullptr ? kNone : group->members;
}

const std::set<std::string>& ObserveGroups::PropertiesAt(const TypeRegion& where,
                                                         const config::SharedDeclarations& desired,
                                                         const std::string& default_region) {
  static const std::set<std::string> kNone;
  DeclarationGroup* group = GroupOf(where, desired, default_region);
  if (group == nullptr) return kNone;
  if (!group->properties) {
    group->properties.emplace();
    for (const Declaration* entry : group->members) {
      for (std::string& property : entry->second->properties.Keys()) {
        group->properties->insert(std::move(property));
      }
    }
  }
  return *group->properties;
}

std::vector<TypeRegion> ObserveGroups::DeclaredPlaces(const config::SharedDeclarations& desired,
                                                      const std::string& default_region) {
  SortDeclarations(desired, default_region);
  std::vector<TypeRegion> places;
  for (const auto& [key, group] : declarations_) {
    places.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key)});
  }
  return places;
}

}  // namespace awsr::engine
