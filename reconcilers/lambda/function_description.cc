#include "reconcilers/lambda/function_description.h"

#include <algorithm>

#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"

namespace awsr::reconcilers::lambda {
namespace {

using nlohmann::json;

// Members CloudFormation and Lambda spell alike, copied both ways.
constexpr const char* kSameMembers[] = {
    "Runtime",        "Handler",          "Role",         "MemorySize",      "Timeout",
    "Description",    "Environment",      "TracingConfig", "EphemeralStorage", "DeadLetterConfig",
    "VpcConfig",      "ImageConfig",      "FileSystemConfigs", "Layers"};
// Properties written by calls this daemon does not make.
constexpr const char* kUnsupported[] = {"ReservedConcurrentExecutions", "CodeSigningConfigArn",
                                        "SnapStart", "RuntimeManagementConfig"};

json SortedVpc(json vpc) {
  if (!vpc.is_object()) return vpc;
  for (const char* list : {"SubnetIds", "SecurityGroupIds"}) {
    if (vpc.contains(list) && vpc[list].is_array()) std::sort(vpc[list].begin(), vpc[list].end());
  }
  return vpc;
}

}  // namespace

json FunctionProperties(const json& configuration) {
  json properties = {{"FunctionName", StringField(configuration, "FunctionName")}};
  for (const char* member : kSameMembers) {
    if (configuration.contains(member) && !configuration[member].is_null())
      properties[member] = configuration[member];
  }
  // No variables: Lambda leaves Environment out, the file may say {"Variables": {}}.
  if (!properties.contains("Environment")) properties["Environment"] = {{"Variables", json::object()}};
  // Lambda answers layers as [{Arn, CodeSize}]; the file gives their ARNs.
  if (properties.contains("Layers") && properties["Layers"].is_array()) {
    json arns = json::array();
    for (const auto& layer : properties["Layers"]) arns.push_back(StringField(layer, "Arn"));
    properties["Layers"] = std::move(arns);
  }
  if (properties.contains("VpcConfig")) {
    properties["VpcConfig"].erase("VpcId");
    properties["VpcConfig"].erase("Ipv6AllowedForDualStack");
  }
  for (const char* member : {"PackageType", "Architectures"}) {
    if (configuration.contains(member) && !configuration[member].is_null())
      properties[member] = configuration[member];
  }
  if (!StringField(configuration, "KMSKeyArn").empty())
    properties["KmsKeyArn"] = configuration["KMSKeyArn"];
  return properties;
}

Result<json> ConfigurationParams(const json& properties) {
  for (const char* property : kUnsupported) {
    if (properties.contains(property))
      return aws::JsonError(MakeError(
          ErrorKind::kInvalidSpec,
          std::string("AWS::Lambda::Function ") + property + " is not supported yet"));
  }
  json params = json::object();
  for (const char* member : kSameMembers) {
    if (properties.contains(member)) params[member] = properties[member];
  }
  if (properties.contains("KmsKeyArn")) params["KMSKeyArn"] = properties["KmsKeyArn"];
  return aws::JsonValue(std::move(params));
}

engine::Diff CompareConfiguration(const json& desired, const json& observed) {
  json wanted = desired;
  json seen = observed;
  wanted.erase("Code");
  if (wanted.contains("VpcConfig")) wanted["VpcConfig"] = SortedVpc(wanted["VpcConfig"]);
  if (seen.contains("VpcConfig")) seen["VpcConfig"] = SortedVpc(seen["VpcConfig"]);
  return engine::DiffProperties(wanted, seen);
}

std::string Busy(const json& configuration) {
  if (StringField(configuration, "State") == "Pending") return "pending";
  if (StringField(configuration, "LastUpdateStatus") == "InProgress") return "updating";
  return "";
}

}  // namespace awsr::reconcilers::lambda
