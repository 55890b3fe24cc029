#include "reconcilers/ecs/task_definition_description.h"

#include <algorithm>
#include <set>

#include "daemon/base/json_fields.h"
#include "reconcilers/kit/json_member_case.h"

namespace awsr::reconcilers::ecs {
namespace {

using nlohmann::json;

const std::set<std::string> kUserKeyedMaps = {"options", "dockerLabels"};

// The properties a revision is made of, besides its family and tags.
constexpr const char* kRevisionProperties[] = {
    "ContainerDefinitions", "Cpu",          "Memory",           "NetworkMode",
    "RequiresCompatibilities", "ExecutionRoleArn", "TaskRoleArn", "EphemeralStorage",
    "Volumes",              "PlacementConstraints", "RuntimePlatform", "PidMode",
    "IpcMode",              "ProxyConfiguration", "InferenceAccelerators"};

json SortedByName(json list) {
  if (!list.is_array()) return list;
  std::sort(list.begin(), list.end(), [](const json& a, const json& b) {
    return StringField(a, "Name") < StringField(b, "Name");
  });
  return list;
}

// The file's or ECS's container definitions with each environment in name order.
json WithSortedEnvironments(json containers) {
  if (!containers.is_array()) return containers;
  for (auto& container : containers) {
    if (container.is_object() && container.contains("Environment"))
      container["Environment"] = SortedByName(container["Environment"]);
  }
  return containers;
}

json Comparable(const json& properties) {
  json comparable = json::object();
  for (const char* name : kRevisionProperties) {
    if (properties.contains(name)) comparable[name] = properties[name];
  }
  if (comparable.contains("ContainerDefinitions"))
    comparable["ContainerDefinitions"] = WithSortedEnvironments(comparable["ContainerDefinitions"]);
  return comparable;
}

}  // namespace

json RegisterParams(const json& properties, const std::string& family) {
  json params = {{"family", family}};
  for (const char* name : kRevisionProperties) {
    if (properties.contains(name))
      params[kit::LowerFirst(name)] = kit::ToCamelCase(properties[name], kUserKeyedMaps);
  }
  return params;
}

json TaskDefinitionProperties(const json& definition) {
  json properties = {{"Family", StringField(definition, "family")}};
  for (const char* name : kRevisionProperties) {
    const std::string member = kit::LowerFirst(name);
    if (definition.contains(member) && !definition[member].is_null())
      properties[name] = kit::ToPascalCase(definition[member], kUserKeyedMaps);
  }
  return properties;
}

engine::Diff CompareRevision(const json& desired, const json& observed) {
  engine::Diff diff = engine::DiffProperties(Comparable(desired), Comparable(observed));
  for (auto& change : diff.changes) change.path = "/Revision" + change.path;
  json named = json::object();
  json observed_named = json::object();
  for (const char* name : {"Family", "Tags"}) {
    if (desired.contains(name)) named[name] = desired[name];
    if (observed.contains(name)) observed_named[name] = observed[name];
  }
  for (auto& change : engine::DiffProperties(named, observed_named).changes)
    diff.changes.push_back(std::move(change));
  return diff;
}

std::string FamilyOfArn(const std::string& arn) {
  const auto slash = arn.rfind('/');
  const std::string tail = slash == std::string::npos ? arn : arn.substr(slash + 1);
  return tail.substr(0, tail.find(':'));
}

int RevisionOfArn(const std::string& arn) {
  const auto colon = arn.rfind(':');
  const auto slash = arn.rfind('/');
  if (colon == std::string::npos || slash == std::string::npos || colon < slash) return 0;
  const std::string digits = arn.substr(colon + 1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return 0;
  return std::stoi(digits);
}

}  // namespace awsr::reconcilers::ecs
