// The engine's per-resource reads step (detail_reads.h): which details each resource needs,
// which of them this cycle reads, and putting what was read into the observation.
#include "daemon/base/log.h"
#include "daemon/engine/engine.h"

namespace awsr::engine {
namespace asio = boost::asio;

std::set<std::string> Engine::WantedDetails(const Reconciler& reconciler,
                                            const config::ResourceDecl* decl) const {
  std::set<std::string> wanted;
  for (const std::string_view property : reconciler.DetailProperties()) {
    const bool set_by_file = decl != nullptr && decl->properties.Contains(property);
    if (property == "Tags" || set_by_file) wanted.insert(std::string(property));
  }
  return wanted;
}

asio::awaitable<void> Engine::ReadDetails(const std::set<TypeRegion>& observed_now) {
  const PlanContext context = MakePlanContext();
  std::vector<DetailRead> wanted;
  // The resources each desired one is matched with, for "last fully read".
  std::map<std::string, std::pair<TypeRegion, std::string>> matched;
  std::map<std::string, std::set<std::string>> needs;
  for (const TypeRegion& where : observed_now) {
    const Reconciler& reconciler = *RegistryOf(where.role_arn).Find(where.type);
    if (reconciler.DetailProperties().empty()) continue;
    // Its own declarations and statuses, not a walk of all 10,000 of each per type.
    std::map<std::string, const config::ResourceDecl*> by_identity;
    for (const auto* entry :
         observe_groups_.DeclarationsAt(where, desired_, context.default_region)) {
      const ResourceRecord* record = records_.Find(entry->first);
      if (const std::string* key = record == nullptr ? nullptr : record->identity_key();
          key != nullptr) {
        by_identity[*key] = entry->second.get();
      }
    }
    std::set<std::string> remembered;
    for (const auto* entry : observe_groups_.StatusesOf(where, store_.All(), store_.Generation())) {
      remembered.insert(entry->second->physical_id);
    }
    // A type observed in part this cycle reads details only for that part.
    const auto part = focused_.find(where);
    for (const ObservedResource* held :
         observed_.Held(where, part == focused_.end() ? nullptr : &part->second)) {
      const ObservedResource& resource = *held;
      // Ours (or released by us) by its tags, else a desired resource's look-alike by name,
      // else one the store remembers; anyone else's is never read.
      std::string id;
      if (!resource.tags_unknown &&
          (observed_.IsOurs(resource) || observed_.IsReleasedByUs(resource))) {
        id = resource.Tag(kLogicalIdTag);
      }
      const config::ResourceDecl* decl = nullptr;
      if (auto declared = desired_.find(id);
          !id.empty() && declared != desired_.end() && declared->second->type == where.type &&
          declared->second->account->role_arn == where.role_arn) {
        decl = declared->second.get();
      } else if (auto lookalike = by_identity.find(resource.identity_key);
                 id.empty() && lookalike != by_identity.end()) {
        decl = lookalike->second;
        id = decl->logical_id;
      } else if (id.empty() && !remembered.contains(resource.physical_id)) {
        continue;
      }
      const std::set<std::string> properties = WantedDetails(reconciler, decl);
      if (decl != nullptr) {
        matched[id] = {where, resource.physical_id};
        needs[id] = properties;
      }
      for (const auto& property : properties) {
        wanted.push_back({where, std::string(reconciler.Service()), resource.physical_id, property,
                          id, !id.empty() && details_urgent_.contains(id),
                          details_.ReadAt(where, resource.physical_id, property)});
      }
    }
  }
  const std::vector<DetailRead> chosen =
      ChooseDetailReads(std::move(wanted), settings_.detail_reads);
  std::set<TypeRegion> touched;
  TaskGroup group(executor_);
  for (const DetailRead& read : chosen) {
    touched.insert(read.where);
    details_urgent_.erase(read.logical_id);
    group.Spawn(ReadOneDetail(read));
  }
  co_await group.Wait();
  for (const TypeRegion& where : touched) {
    ObservedList fresh = observed_.Of(where);
    details_.Apply(where, fresh);
    observed_.Replace(where, std::move(fresh));
  }
  for (const auto& [id, resource] : matched) {
    // Shown by the API, not saved: the budget's own bookkeeping, moved by most cycles.
    store_.SetDetailsReadAt(id, details_.FullyReadAt(resource.first, resource.second, needs[id]));
  }
  if (!chosen.empty()) log::Debug({}, "detail reads: {}", chosen.size());
}

asio::awaitable<void> Engine::ReadOneDetail(DetailRead read) {
  Reconciler& reconciler = *RegistryOf(read.where.role_arn).Find(read.where.type);
  const ObservedResource* known = observed_.Find(read.where, read.physical_id);
  if (known == nullptr) co_return;
  const ObservedResource resource = *known;
  Result<nlohmann::json> value = MakeError(ErrorKind::kInternal, "not run");
  try {
    const AsyncSemaphore::Permit permit =
        co_await ServiceLimit(read.where.role_arn, reconciler.Service()).Acquire();
    value = co_await reconciler.ReadDetail(resource, read.property);
  } catch (const std::exception& e) {
    value = MakeError(ErrorKind::kInternal, std::string("the read threw: ") + e.what());
  }
  ++progress_;
  if (!value) {
    // Left unknown, never a difference; it stays never-read or oldest, so first in line.
    log::Warn({.resource = read.logical_id, .type = read.where.type, .action = "read"},
              "reading {} of {} failed: {}", read.property, read.physical_id,
              value.error().Describe());
    co_return;
  }
  details_.Record(read.where, read.physical_id, read.property, std::move(*value), WallClock::now());
}

}  // namespace awsr::engine
