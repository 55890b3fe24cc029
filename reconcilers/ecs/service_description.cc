#include "reconcilers/ecs/service_description.h"

#include <algorithm>

#include "daemon/base/json_fields.h"
#include "reconcilers/ecs/task_definition_description.h"
#include "reconcilers/kit/json_member_case.h"

namespace awsr::reconcilers::ecs {
namespace {

using nlohmann::json;

// The file's properties that UpdateService takes (CloudFormation name, ECS member).
struct ServiceMember {
  const char* property;
  const char* member;
};
constexpr ServiceMember kMutableMembers[] = {
    {"DesiredCount", "desiredCount"},
    {"TaskDefinition", "taskDefinition"},
    {"NetworkConfiguration", "networkConfiguration"},
    {"LoadBalancers", "loadBalancers"},
    {"PlatformVersion", "platformVersion"},
    {"DeploymentConfiguration", "deploymentConfiguration"},
    {"HealthCheckGracePeriodSeconds", "healthCheckGracePeriodSeconds"},
    {"EnableExecuteCommand", "enableExecuteCommand"},
    {"EnableECSManagedTags", "enableECSManagedTags"},
    {"PropagateTags", "propagateTags"},
    {"PlacementConstraints", "placementConstraints"},
    {"PlacementStrategies", "placementStrategy"},
    {"CapacityProviderStrategy", "capacityProviderStrategy"},
    {"ServiceRegistries", "serviceRegistries"},
};
// The ones set at creation only.
constexpr ServiceMember kCreateOnlyMembers[] = {
    {"LaunchType", "launchType"},
    {"SchedulingStrategy", "schedulingStrategy"},
    {"DeploymentController", "deploymentController"},
    {"Role", "role"},
};

json Member(const json& value) { return kit::ToCamelCase(value); }

// The network configuration with its subnets and security groups in order.
json SortedNetwork(json network) {
  if (!network.is_object() || !network.contains("AwsvpcConfiguration")) return network;
  json& vpc = network["AwsvpcConfiguration"];
  for (const char* list : {"Subnets", "SecurityGroups"}) {
    if (vpc.is_object() && vpc.contains(list) && vpc[list].is_array())
      std::sort(vpc[list].begin(), vpc[list].end());
  }
  return network;
}

// What the ECS task definition ARN reads as in the form the file uses.
json TaskDefinitionAsWritten(const json& desired, const json& observed_arn) {
  if (!desired.is_string() || !observed_arn.is_string()) return observed_arn;
  const std::string written = desired.get<std::string>();
  const std::string arn = observed_arn.get<std::string>();
  if (written.starts_with("arn:")) return arn;
  const std::string family = FamilyOfArn(arn);
  if (written.find(':') == std::string::npos) return family;
  return family + ":" + std::to_string(RevisionOfArn(arn));
}

}  // namespace

std::string ClusterName(const json& cluster) {
  const std::string text = cluster.is_string() ? cluster.get<std::string>() : "";
  if (text.empty()) return "default";
  const auto slash = text.rfind('/');
  return slash == std::string::npos ? text : text.substr(slash + 1);
}

json ServiceParams(const json& properties) {
  json params = json::object();
  for (const auto& [property, member] : kMutableMembers) {
    if (properties.contains(property)) params[member] = Member(properties[property]);
  }
  for (const auto& [property, member] : kCreateOnlyMembers) {
    if (properties.contains(property)) params[member] = Member(properties[property]);
  }
  return params;
}

json ServiceUpdateParams(const json& properties, const engine::Diff& diff) {
  json params = json::object();
  for (const auto& [property, member] : kMutableMembers) {
    if (properties.contains(property) && diff.Touches(std::string("/") + property))
      params[member] = Member(properties[property]);
  }
  return params;
}

json ServiceProperties(const json& service) {
  json properties = {{"ServiceName", StringField(service, "serviceName")}};
  for (const auto& [property, member] : kMutableMembers) {
    if (service.contains(member) && !service[member].is_null())
      properties[property] = kit::ToPascalCase(service[member]);
  }
  for (const auto& [property, member] : kCreateOnlyMembers) {
    if (service.contains(member) && !service[member].is_null())
      properties[property] = kit::ToPascalCase(service[member]);
  }
  // ECS answers the role it uses as roleArn.
  if (service.contains("roleArn") && service["roleArn"].is_string())
    properties["Role"] = service["roleArn"];
  return properties;
}

ServiceProgress ProgressOf(const json& service) {
  const json deployments = service.value("deployments", json::array());
  for (const auto& deployment : deployments) {
    if (StringField(deployment, "status") == "PRIMARY" &&
        StringField(deployment, "rolloutState") == "IN_PROGRESS")
      return {false, "deploying"};
  }
  if (deployments.size() > 1) return {false, "deploying"};
  if (service.value("runningCount", 0) != service.value("desiredCount", 0))
    return {false, "scaling"};
  return {};
}

engine::Diff CompareService(const json& desired, const json& observed) {
  json wanted = desired;
  json seen = observed;
  wanted.erase("Cluster");
  if (wanted.contains("NetworkConfiguration"))
    wanted["NetworkConfiguration"] = SortedNetwork(wanted["NetworkConfiguration"]);
  if (seen.contains("NetworkConfiguration"))
    seen["NetworkConfiguration"] = SortedNetwork(seen["NetworkConfiguration"]);
  if (wanted.contains("TaskDefinition") && seen.contains("TaskDefinition"))
    seen["TaskDefinition"] = TaskDefinitionAsWritten(wanted["TaskDefinition"], seen["TaskDefinition"]);
  // A role is an ARN to ECS and may be a name in the file: the name must end the ARN.
  if (wanted.contains("Role") && seen.contains("Role") && wanted["Role"].is_string() &&
      seen["Role"].is_string() && seen["Role"].get<std::string>().ends_with("/" + wanted["Role"].get<std::string>()))
    seen["Role"] = wanted["Role"];
  return engine::DiffProperties(wanted, seen);
}

}  // namespace awsr::reconcilers::ecs
