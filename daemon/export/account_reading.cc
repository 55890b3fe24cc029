#include "daemon/export/account_reading.h"

#include <set>

#include "daemon/engine/detail_reads.h"

namespace awsr::exporting {
namespace {

// Services whose resources are the same in every region.
bool IsGlobal(std::string_view service) { return service == "iam"; }

// Whether a file must name the resource by ID: the type matches a file resource to what AWS
// has by its logical ID alone (our tag), which a resource made elsewhere does not carry.
bool NeedsAdoptId(const engine::Reconciler& reconciler, const engine::ObservedResource& found) {
  if (!reconciler.info().name_property.empty()) return false;
  engine::DesiredResource probe;
  probe.logical_id = "AwsreconciledExportProbe";
  probe.type = std::string(reconciler.Type());
  probe.region = found.region;
  probe.properties = found.properties;
  return reconciler.IdentityKey(probe) == probe.logical_id;
}

}  // namespace

boost::asio::awaitable<AccountReading> ReadAccount(const engine::Registry& registry,
                                                   ReadRequest request) {
  AccountReading reading;
  const std::set<std::string> wanted(request.types.begin(), request.types.end());
  std::set<std::pair<std::string, std::string>> seen;  // (type, physical id)
  for (const std::string& type : registry.Types()) {
    if (!wanted.empty() && !wanted.contains(type)) continue;
    engine::Reconciler& reconciler = *registry.Find(type);
    for (const std::string& region : request.regions) {
      if (IsGlobal(reconciler.Service()) && region != request.regions.front()) continue;
      const engine::TypeRegion where{type, region};
      engine::ObserveScope scope;
      scope.region = region;
      scope.owner = request.owner;
      scope.everything = true;
      auto listed = co_await reconciler.ObserveAll(std::move(scope));
      if (!listed) {
        reading.failures.push_back(type + " in " + region + ": " + listed.error().Describe());
        continue;
      }
      engine::DetailCache details;
      for (const engine::ObservedResource& resource : *listed) {
        for (std::string_view property : reconciler.DetailProperties()) {
          auto value = co_await reconciler.ReadDetail(resource, std::string(property));
          if (!value) {
            reading.failures.push_back(type + " " + resource.physical_id + " " +
                                       std::string(property) + ": " + value.error().Describe());
            continue;
          }
          details.Record(where, resource.physical_id, std::string(property), std::move(*value),
                         engine::WallClock::now());
        }
      }
      details.Apply(where, *listed);
      for (engine::ObservedResource& resource : *listed) {
        if (!seen.insert({type, resource.physical_id}).second) continue;
        FoundResource found{type, std::string(reconciler.Service()),
                            std::string(reconciler.info().name_property), std::move(resource)};
        found.needs_adopt_id = NeedsAdoptId(reconciler, found.observed);
        reading.found.push_back(std::move(found));
      }
    }
  }
  co_return reading;
}

}  // namespace awsr::exporting
