// AWS::ECS::Service. Named (ServiceName) within its cluster: the identity key is
// "cluster/service"; Ref is the service ARN, Name its name.
//
// Observed through its parents: one paginated ListClusters, then per cluster a paginated
// ListServices and DescribeServices of 10 a call with tags. A create or an update that
// changes what runs rolls a deployment; until it is steady the service shows ready=false with
// "deploying" (or "scaling" while tasks start or stop), and the engine sends nothing more.
// A deployment that can never finish holds later updates until it does: give services the
// deployment circuit breaker, which ends such a rollout as FAILED.
//
// Deleted with force, which scales the service to 0 and deletes it in one call, as ECS
// requires of a service still running tasks; it then drains, and the cluster waits for it.
#include "daemon/base/json_fields.h"
#include "reconcilers/ecs/ecs_tags.h"
#include "reconcilers/ecs/ecs_types.h"
#include "reconcilers/ecs/service_description.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/role_propagation.h"

namespace awsr::reconcilers::ecs {
namespace {

using engine::Task;
using nlohmann::json;

constexpr std::size_t kServicesPerDescribe = 10;

engine::ObservedResource ServiceFromRecord(const json& service, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(service, "serviceArn");
  const std::string cluster_arn = StringField(service, "clusterArn");
  const std::string name = StringField(service, "serviceName");
  observed.identity_key = ClusterName(json(cluster_arn)) + "/" + name;
  observed.region = region;
  observed.tags = EcsTagMap(service.value("tags", json::array()));
  observed.properties = ServiceProperties(service);
  observed.properties.Set("Tags", kit::UserTags(observed.tags));
  observed.attributes = {{"Name", name}, {"ServiceArn", observed.physical_id}};
  observed.internal = {{"Arn", observed.physical_id}, {"Cluster", cluster_arn}};
  const ServiceProgress progress = ProgressOf(service);
  observed.ready = progress.steady;
  observed.aws_state = progress.state;
  return observed;
}

// A role IAM created moments ago is refused by ECS ("Unable to assume role") until it has
// propagated: that is retried as transient, not reported as an invalid spec.
Error RetoldRoleRefusal(Error error, const json& properties) {
  if (!kit::IsRolePropagationRefusal(error)) return error;
  const std::string role = StringField(properties, "Role");
  return kit::RolePropagating(std::move(error), role.empty() ? "(ECS's service-linked role)" : role);
}

class ServiceReconciler final : public engine::Reconciler {
 public:
  explicit ServiceReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::ECS::Service",
                    .service = "ecs",
                    .name_property = "ServiceName",
                    .max_name_length = 255}),
        client_(client) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return ClusterName(desired.properties.value("Cluster", json())) + "/" + desired.name;
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::CallRequest clusters_call =
        EcsCall(scope.region, "ListClusters", {{"maxResults", 100}});
    auto clusters = co_await client_.CallAllPages(clusters_call, kEcsPageTokens, kMaxEcsPages);
    if (!clusters) co_return clusters.error();
    std::vector<engine::ObservedResource> services;
    for (const auto& page : *clusters) {
      for (const auto& cluster : page.value("clusterArns", json::array())) {
        const std::string cluster_arn = cluster.get<std::string>();
        auto found = co_await InCluster(scope.region, cluster_arn);
        if (!found) co_return found.error();
        for (auto& service : *found) services.push_back(std::move(service));
      }
    }
    co_return kit::OursOrWanted(std::move(services), scope);
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    return CompareService(desired.properties, observed.properties);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = ServiceParams(desired.properties);
    params["serviceName"] = desired.name;
    params["cluster"] = ClusterName(desired.properties.value("Cluster", json()));
    params["tags"] = EcsCreationTags(desired);
    const aws::CallRequest call = EcsCall(desired.region, "CreateService", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created) co_return RetoldRoleRefusal(created.error(), desired.properties);
    engine::ObservedResource observed =
        ServiceFromRecord(created->data.value("service", json::object()), desired.region);
    observed.tags = kit::CreationTags(desired);
    observed.properties.Set("Tags", kit::UserTags(observed.tags));
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    json params = ServiceUpdateParams(desired.properties, diff);
    params["cluster"] = StringField(observed.internal, "Cluster");
    params["service"] = observed.physical_id;
    const aws::CallRequest call = EcsCall(desired.region, "UpdateService", std::move(params));
    auto updated = co_await kit::CallForEffect(client_, call);
    if (!updated) co_return RetoldRoleRefusal(updated.error(), desired.properties);
    co_return updated;
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        EcsCall(observed.region, "DeleteService",
                {{"cluster", StringField(observed.internal, "Cluster")},
                 {"service", observed.physical_id},
                 {"force", true}});
    auto deleted = co_await kit::CallIgnoringNotFound(client_, call);
    // Already draining or inactive: the deletion is under way.
    if (!deleted && deleted.error().aws_code == "ServiceNotActiveException")
      co_return Result<void>{};
    co_return deleted;
  }

 private:
  // The active services of one cluster; draining ones are on their way out.
  Task<std::vector<engine::ObservedResource>> InCluster(std::string region, std::string cluster) {
    const aws::CallRequest list =
        EcsCall(region, "ListServices", {{"cluster", cluster}, {"maxResults", 100}});
    auto pages = co_await client_.CallAllPages(list, kEcsPageTokens, kMaxEcsPages);
    if (!pages) co_return pages.error();
    std::vector<std::string> arns;
    for (const auto& page : *pages) {
      for (const auto& arn : page.value("serviceArns", json::array())) arns.push_back(arn);
    }
    std::vector<engine::ObservedResource> services;
    for (std::size_t start = 0; start < arns.size(); start += kServicesPerDescribe) {
      const std::size_t end = std::min(arns.size(), start + kServicesPerDescribe);
      const std::vector<std::string> batch(arns.begin() + static_cast<std::ptrdiff_t>(start),
                                           arns.begin() + static_cast<std::ptrdiff_t>(end));
      json params = {{"cluster", cluster},
                     {"services", batch},
                     {"include", json::array({"TAGS"})}};
      const aws::CallRequest describe = EcsCall(region, "DescribeServices", std::move(params));
      auto described = co_await client_.Call(describe);
      if (!described) co_return described.error();
      for (const auto& service : described->data.value("services", json::array())) {
        if (StringField(service, "status") == "ACTIVE")
          services.push_back(ServiceFromRecord(service, region));
      }
    }
    co_return services;
  }

  aws::AwsClient& client_;
};

}  // namespace

void AddService(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<ServiceReconciler>(context.client), EcsTags(context.client));
}

}  // namespace awsr::reconcilers::ecs
