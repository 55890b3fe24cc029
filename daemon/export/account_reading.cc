#include "daemon/export/account_reading.h"

#include <set>

#include "daemon/engine/detail_reads.h"

namespace awsr::exporting {
namespace {

// Services whose resources are the same in every region.
bool IsGlobal(std::string_view service) { return service == "iam"; }

// What a file's AdoptId must say for the daemon to find `found`; empty when the file finds it
// by itself (a name, or a key made of its properties). A type whose key is the file's logical
// ID alone (our tag), which a resource made elsewhere does not carry, takes its physical ID; a
// type whose key the logical ID only shapes (a Lambda permission's statement id, made of the
// owner and logical ID) takes the resource's own key, FUNCTION/STATEMENT-ID.
std::string AdoptIdOf(const engine::Reconciler& reconciler, const engine::ObservedResource& found) {
  if (!reconciler.info().name_property.empty()) return {};
  engine::DesiredResource probe;
  probe.type = std::string(reconciler.Type());
  probe.region = found.region;
  probe.properties = found.properties;
  probe.logical_id = "AwsreconciledExportProbe";
  const std::string key = reconciler.IdentityKey(probe);
  if (key == probe.logical_id) return found.physical_id;
  probe.logical_id = "AwsreconciledExportOtherProbe";
  if (reconciler.IdentityKey(probe) != key && !found.identity_key.empty())
    return found.identity_key;
  return {};
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
      for (const engine::ObservedResource& resource : *listed) {
        if (!seen.insert({type, resource.physical_id}).second) continue;
        FoundResource found{type, std::string(reconciler.Service()),
                            std::string(reconciler.info().name_property), resource};
        found.adopt_id = AdoptIdOf(reconciler, found.observed);
        reading.found.push_back(std::move(found));
      }
    }
  }
  co_return reading;
}

}  // namespace awsr::exporting
