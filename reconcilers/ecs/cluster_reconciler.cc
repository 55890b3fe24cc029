// AWS::ECS::Cluster. Named (ClusterName); Ref is the name, Arn its ARN. Observed with one
// paginated ListClusters and DescribeClusters of 100 names a call, tags included. Settings
// change in place (UpdateClusterSettings); capacity providers are set at creation. Deleting a
// cluster whose services are still draining is "busy, wait", which the engine retries.
#include "daemon/base/json_fields.h"
#include "reconcilers/ecs/ecs_tags.h"
#include "reconcilers/ecs/ecs_types.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/json_member_case.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::ecs {
namespace {

using engine::Task;
using nlohmann::json;

constexpr std::size_t kClustersPerDescribe = 100;

engine::ObservedResource ClusterFromRecord(const json& cluster, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(cluster, "clusterName");
  observed.identity_key = observed.physical_id;
  observed.region = region;
  observed.tags = EcsTagMap(cluster.value("tags", json::array()));
  observed.attributes = {{"Arn", StringField(cluster, "clusterArn")}};
  observed.internal = {{"Arn", StringField(cluster, "clusterArn")}};
  observed.properties = {{"ClusterName", observed.physical_id},
                         {"Tags", kit::UserTags(observed.tags)},
                         {"ClusterSettings", kit::ToPascalCase(cluster.value("settings", json::array()))},
                         {"CapacityProviders", cluster.value("capacityProviders", json::array())},
                         {"DefaultCapacityProviderStrategy",
                          kit::ToPascalCase(cluster.value("defaultCapacityProviderStrategy",
                                                          json::array()))}};
  if (cluster.contains("configuration"))
    observed.properties.Set("Configuration", kit::ToPascalCase(cluster["configuration"]));
  return observed;
}

class ClusterReconciler final : public engine::Reconciler {
 public:
  explicit ClusterReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::ECS::Cluster",
                    .service = "ecs",
                    .name_property = "ClusterName",
                    .max_name_length = 255}),
        client_(client) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::CallRequest list = EcsCall(scope.region, "ListClusters", {{"maxResults", 100}});
    auto pages = co_await client_.CallAllPages(list, kEcsPageTokens, kMaxEcsPages);
    if (!pages) co_return pages.error();
    std::vector<std::string> arns;
    for (const auto& page : *pages) {
      for (const auto& arn : page.value("clusterArns", json::array())) arns.push_back(arn);
    }
    std::vector<engine::ObservedResource> clusters;
    for (std::size_t start = 0; start < arns.size(); start += kClustersPerDescribe) {
      const std::size_t end = std::min(arns.size(), start + kClustersPerDescribe);
      const std::vector<std::string> batch(arns.begin() + static_cast<std::ptrdiff_t>(start),
                                           arns.begin() + static_cast<std::ptrdiff_t>(end));
      json params = {{"clusters", batch},
                     {"include", json::array({"TAGS", "SETTINGS", "CONFIGURATIONS"})}};
      const aws::CallRequest describe = EcsCall(scope.region, "DescribeClusters", std::move(params));
      auto described = co_await client_.Call(describe);
      if (!described) co_return described.error();
      for (const auto& cluster : described->data.value("clusters", json::array())) {
        if (StringField(cluster, "status") == "ACTIVE")
          clusters.push_back(ClusterFromRecord(cluster, scope.region));
      }
    }
    co_return kit::OursOrWanted(std::move(clusters), scope);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = {{"clusterName", desired.name}, {"tags", EcsCreationTags(desired)}};
    const json& properties = desired.properties;
    if (properties.contains("ClusterSettings"))
      params["settings"] = kit::ToCamelCase(properties["ClusterSettings"]);
    if (properties.contains("CapacityProviders"))
      params["capacityProviders"] = properties["CapacityProviders"];
    if (properties.contains("DefaultCapacityProviderStrategy"))
      params["defaultCapacityProviderStrategy"] =
          kit::ToCamelCase(properties["DefaultCapacityProviderStrategy"]);
    if (properties.contains("Configuration"))
      params["configuration"] = kit::ToCamelCase(properties["Configuration"]);
    // CreateCluster answers an existing active cluster of the name instead of failing, so a
    // repeated create is harmless; the engine has already ruled out a look-alike not ours.
    const aws::CallRequest call = EcsCall(desired.region, "CreateCluster", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created) co_return created.error();
    engine::ObservedResource observed =
        ClusterFromRecord(created->data.value("cluster", json::object()), desired.region);
    observed.tags = kit::CreationTags(desired);
    observed.properties.Set("Tags", kit::UserTags(observed.tags));
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    for (const char* fixed : {"/CapacityProviders", "/DefaultCapacityProviderStrategy",
                              "/Configuration", "/ServiceConnectDefaults"}) {
      if (diff.Touches(fixed))
        co_return MakeError(ErrorKind::kInvalidSpec,
                            std::string("AWS::ECS::Cluster ") + (fixed + 1) +
                                " is set at creation only by this daemon (not changed in place)");
    }
    if (!diff.Touches("/ClusterSettings")) co_return Result<void>{};
    const aws::CallRequest call =
        EcsCall(desired.region, "UpdateClusterSettings",
                {{"cluster", observed.physical_id},
                 {"settings", kit::ToCamelCase(desired.properties.value("ClusterSettings", json::array()))}});
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        EcsCall(observed.region, "DeleteCluster", {{"cluster", observed.physical_id}});
    auto deleted = co_await kit::CallIgnoringNotFound(client_, call);
    co_return kit::BusyIsConflict(
        kit::BusyIsConflict(std::move(deleted), "ClusterContainsServicesException"),
        "ClusterContainsTasksException");
  }

 private:
  aws::AwsClient& client_;
};

}  // namespace

void AddCluster(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<ClusterReconciler>(context.client), EcsTags(context.client));
}

}  // namespace awsr::reconcilers::ecs
