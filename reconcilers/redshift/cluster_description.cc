#include "reconcilers/redshift/cluster_description.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/database_type.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/query_list.h"
#include "reconcilers/kit/query_records.h"

namespace awsr::reconcilers::redshift {
namespace {

using nlohmann::json;

// Named alike in the file, the describe and both calls.
constexpr const char* kSameName[] = {"AllowVersionUpgrade",
                                     "AutomatedSnapshotRetentionPeriod",
                                     "ClusterVersion",
                                     "Encrypted",
                                     "EnhancedVpcRouting",
                                     "KmsKeyId",
                                     "MaintenanceTrackName",
                                     "ManualSnapshotRetentionPeriod",
                                     "NodeType",
                                     "NumberOfNodes",
                                     "PreferredMaintenanceWindow",
                                     "PubliclyAccessible"};
// Named alike in the file and the calls; not in the describe, or read apart.
constexpr const char* kWriteNames[] = {"ClusterType", "MasterUserPassword",
                                       "ClusterParameterGroupName", "ElasticIp", "Port"};
// Create only (UpdateType Immutable, or no ModifyCluster parameter).
constexpr const char* kCreateNames[] = {"DBName", "MasterUsername", "ClusterSubnetGroupName",
                                        "AvailabilityZone"};
constexpr const char* kHandledElsewhere[] = {"ClusterIdentifier", "Tags", "VpcSecurityGroupIds",
                                             "IamRoles"};
constexpr const char* kResize[] = {"NodeType", "ClusterType", "NumberOfNodes"};

Error Unsupported(const std::string& property, const std::string& why) {
  return MakeError(ErrorKind::kInvalidSpec, "AWS::Redshift::Cluster " + property + ": " + why);
}

// The `member` of each item, but those whose ApplyStatus is `leaving` (none when empty).
json Ids(const json& items, const char* element, const char* member, std::string_view leaving) {
  json ids = json::array();
  for (const auto& item : kit::QueryItems(items, element)) {
    if (leaving.empty() || StringField(item, "ApplyStatus") != leaving)
      ids.push_back(StringField(item, member));
  }
  return ids;
}

std::set<std::string> Strings(const json& list) {
  std::set<std::string> strings;
  if (!list.is_array()) return strings;
  for (const auto& item : list)
    if (item.is_string()) strings.insert(item.get<std::string>());
  return strings;
}

}  // namespace

engine::ObservedResource ClusterFromRecord(const json& record, const std::string& region) {
  engine::ObservedResource observed = kit::FromRecordBasics(
      record, "ClusterIdentifier", "ClusterStatus", "Tags", kSameName, region);
  json properties = observed.properties;
  for (const char* name :
       {"DBName", "MasterUsername", "ClusterSubnetGroupName", "AvailabilityZone"}) {
    if (!StringField(record, name).empty()) properties[name] = record[name];
  }
  const long nodes = properties.value("NumberOfNodes", 1L);
  properties["ClusterType"] = nodes > 1 ? "multi-node" : "single-node";
  properties["VpcSecurityGroupIds"] =
      Ids(record.value("VpcSecurityGroups", json()), "VpcSecurityGroup", "VpcSecurityGroupId", "");
  properties["IamRoles"] =
      Ids(record.value("IamRoles", json()), "ClusterIamRole", "IamRoleArn", "removing");
  const json endpoint = record.value("Endpoint", json());
  if (endpoint.is_object()) {
    properties["Port"] = kit::TypedScalar(endpoint.value("Port", json()));
    observed.attributes["Endpoint.Address"] = StringField(endpoint, "Address");
    observed.attributes["Endpoint.Port"] = StringField(endpoint, "Port");
  }
  const json pending = record.value("PendingModifiedValues", json::object());
  if (pending.is_object() && !pending.empty()) {
    json shown = pending;
    shown.erase("MasterUserPassword");
    if (!shown.empty()) properties["PendingModifiedValues"] = shown;
  }
  properties["Tags"] = kit::UserTags(observed.tags);
  observed.properties = properties;
  observed.attributes["Id"] = observed.physical_id;
  std::string created;
  for (const char c : StringField(record, "ClusterCreateTime"))
    if (std::isdigit(static_cast<unsigned char>(c)) && created.size() < 14) created += c;
  observed.internal = {{"created", created}};
  return observed;
}

Result<json> CreateClusterParams(const engine::DesiredResource& desired, const json& properties) {
  json params = {{"ClusterIdentifier", desired.name}};
  for (const auto& [name, value] : properties.items()) {
    if (kit::NameIn(kSameName, name) || kit::NameIn(kWriteNames, name) ||
        kit::NameIn(kCreateNames, name)) {
      params[name] = value;
    } else if (!kit::NameIn(kHandledElsewhere, name)) {
      return aws::JsonError(Unsupported(name, "not supported yet"));
    }
  }
  if (properties.contains("VpcSecurityGroupIds"))
    params["VpcSecurityGroupIds"] =
        kit::QueryList("VpcSecurityGroupId", properties["VpcSecurityGroupIds"]);
  if (properties.contains("IamRoles"))
    params["IamRoles"] = kit::QueryList("IamRoleArn", properties["IamRoles"]);
  return aws::JsonValue(std::move(params));
}

Result<json> ModifyClusterParams(const std::string& identifier, const json& properties,
                                 const std::set<std::string>& changed) {
  json params = {{"ClusterIdentifier", identifier}};
  for (const auto& name : changed) {
    if (name == "IamRoles" || name == "Tags") continue;
    if (kit::NameIn(kCreateNames, name))
      return aws::JsonError(Unsupported(name, "changing it needs a replacement"));
    if (name == "VpcSecurityGroupIds") {
      params[name] = kit::QueryList("VpcSecurityGroupId", properties.value(name, json()));
    } else if (kit::NameIn(kSameName, name) || kit::NameIn(kWriteNames, name)) {
      params[name] = properties.value(name, json());
    } else {
      return aws::JsonError(Unsupported(name, "not supported yet"));
    }
  }
  const bool resize = std::any_of(std::begin(kResize), std::end(kResize),
                                  [&](const char* name) { return changed.contains(name); });
  if (resize) {
    for (const char* name : kResize) {
      if (properties.contains(name)) params[name] = properties[name];
    }
  }
  return aws::JsonValue(std::move(params));
}

json IamRoleChanges(const std::string& identifier, const json& desired, const json& observed) {
  const std::set<std::string> wanted = Strings(desired.value("IamRoles", json::array()));
  const std::set<std::string> present = Strings(observed.value("IamRoles", json::array()));
  json add = json::array();
  json remove = json::array();
  for (const auto& role : wanted)
    if (!present.contains(role)) add.push_back(role);
  for (const auto& role : present)
    if (!wanted.contains(role)) remove.push_back(role);
  json params = {{"ClusterIdentifier", identifier}};
  if (!add.empty()) params["AddIamRoles"] = kit::QueryList("IamRoleArn", add);
  if (!remove.empty()) params["RemoveIamRoles"] = kit::QueryList("IamRoleArn", remove);
  return params;
}

}  // namespace awsr::reconcilers::redshift
