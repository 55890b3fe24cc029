#include "reconcilers/rds/db_instance_description.h"

#include <cctype>

#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/database_type.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/query_list.h"
#include "reconcilers/kit/query_records.h"

namespace awsr::reconcilers::rds {
namespace {

using nlohmann::json;

// Properties named alike in the file, the describe and both calls.
constexpr const char* kSameName[] = {"AllocatedStorage",
                                     "AutoMinorVersionUpgrade",
                                     "BackupRetentionPeriod",
                                     "CACertificateIdentifier",
                                     "CopyTagsToSnapshot",
                                     "DBInstanceClass",
                                     "DBName",
                                     "DeletionProtection",
                                     "Engine",
                                     "EngineVersion",
                                     "Iops",
                                     "KmsKeyId",
                                     "LicenseModel",
                                     "MasterUsername",
                                     "MaxAllocatedStorage",
                                     "MultiAZ",
                                     "NetworkType",
                                     "PreferredBackupWindow",
                                     "PreferredMaintenanceWindow",
                                     "PubliclyAccessible",
                                     "StorageEncrypted",
                                     "StorageThroughput",
                                     "StorageType",
                                     "AvailabilityZone"};
// Named alike in the file and the calls, absent from the describe.
constexpr const char* kWriteNames[] = {"ManageMasterUserPassword",
                                       "MasterUserPassword",
                                       "DBParameterGroupName",
                                       "OptionGroupName",
                                       "EnableIAMDatabaseAuthentication",
                                       "EnablePerformanceInsights",
                                       "MonitoringInterval",
                                       "DBSubnetGroupName",
                                       "Port"};
// In the file but not sent: the identifier (the resource's name), Tags, delete-time options.
constexpr const char* kHandledElsewhere[] = {"DBInstanceIdentifier",   "Tags",
                                             "VPCSecurityGroups",      "MasterUserSecret",
                                             "DeleteAutomatedBackups", "AllowMajorVersionUpgrade"};
// Changing these needs a new instance (UpdateType Conditional in the specification).
constexpr const char* kReplaceOnly[] = {"Engine",           "AvailabilityZone",  "DBName",
                                        "MasterUsername",   "DBSubnetGroupName", "Port",
                                        "StorageEncrypted", "KmsKeyId"};

Error Unsupported(const std::string& property, const std::string& why) {
  return MakeError(ErrorKind::kInvalidSpec, "AWS::RDS::DBInstance " + property + ": " + why);
}

}  // namespace

engine::ObservedResource InstanceFromRecord(const json& record, const std::string& region) {
  engine::ObservedResource observed = kit::FromRecordBasics(
      record, "DBInstanceIdentifier", "DBInstanceStatus", "TagList", kSameName, region);
  json properties = observed.properties;
  const std::string group = StringField(record.value("DBSubnetGroup", json()), "DBSubnetGroupName");
  if (!group.empty()) properties["DBSubnetGroupName"] = group;
  json groups = json::array();
  for (const auto& membership :
       kit::QueryItems(record.value("VpcSecurityGroups", json()), "VpcSecurityGroupMembership")) {
    if (StringField(membership, "Status") != "removing")
      groups.push_back(StringField(membership, "VpcSecurityGroupId"));
  }
  properties["VPCSecurityGroups"] = groups;
  const json endpoint = record.value("Endpoint", json());
  if (endpoint.is_object()) {
    properties["Port"] = kit::TypedScalar(endpoint.value("Port", json()));
    observed.attributes["Endpoint.Address"] = StringField(endpoint, "Address");
    observed.attributes["Endpoint.Port"] = StringField(endpoint, "Port");
  }
  const std::string secret = StringField(record.value("MasterUserSecret", json()), "SecretArn");
  properties["ManageMasterUserPassword"] = !secret.empty();
  if (!secret.empty()) observed.attributes["MasterUserSecret.SecretArn"] = secret;
  // What is waiting to apply counts as done: shown, and not sent again.
  json pending = record.value("PendingModifiedValues", json::object());
  if (pending.is_object()) {
    pending.erase("MasterUserPassword");
    for (const auto& [name, value] : pending.items()) {
      if (kit::NameIn(kSameName, name)) properties[name] = kit::TypedScalar(value);
    }
    if (!pending.empty()) properties["PendingModifiedValues"] = pending;
  }
  properties["Tags"] = kit::UserTags(observed.tags);
  observed.properties = properties;
  observed.attributes["DBInstanceArn"] = StringField(record, "DBInstanceArn");
  observed.attributes["DbiResourceId"] = StringField(record, "DbiResourceId");
  std::string created;
  for (const char c : StringField(record, "InstanceCreateTime"))
    if (std::isdigit(static_cast<unsigned char>(c)) && created.size() < 14) created += c;
  observed.internal = {{"arn", StringField(record, "DBInstanceArn")}, {"created", created}};
  return observed;
}

Result<json> CreateInstanceParams(const engine::DesiredResource& desired, const json& properties) {
  json params = {{"DBInstanceIdentifier", desired.name}};
  for (const auto& [name, value] : properties.items()) {
    if (kit::NameIn(kSameName, name) || kit::NameIn(kWriteNames, name)) {
      params[name] = value;
    } else if (!kit::NameIn(kHandledElsewhere, name)) {
      return aws::JsonError(Unsupported(name, "not supported yet"));
    }
  }
  if (properties.contains("VPCSecurityGroups"))
    params["VpcSecurityGroupIds"] =
        kit::QueryList("VpcSecurityGroupId", properties["VPCSecurityGroups"]);
  const std::string key = StringField(properties.value("MasterUserSecret", json()), "KmsKeyId");
  if (!key.empty()) params["MasterUserSecretKmsKeyId"] = key;
  return aws::JsonValue(std::move(params));
}

Result<json> ModifyInstanceParams(const std::string& identifier, const json& properties,
                                  const std::set<std::string>& changed) {
  json params = {{"DBInstanceIdentifier", identifier}, {"ApplyImmediately", true}};
  for (const auto& name : changed) {
    if (kit::NameIn(kReplaceOnly, name))
      return aws::JsonError(Unsupported(name, "changing it needs a replacement"));
    const json value = properties.value(name, json());
    if (name == "VPCSecurityGroups") {
      params["VpcSecurityGroupIds"] = kit::QueryList("VpcSecurityGroupId", value);
    } else if (name == "MasterUserPassword" &&
               IsTrue(properties.value("ManageMasterUserPassword", json()))) {
      continue;  // RDS keeps the password itself
    } else if (kit::NameIn(kSameName, name) || kit::NameIn(kWriteNames, name)) {
      params[name] = value;
    } else if (name != "Tags" && !kit::NameIn(kHandledElsewhere, name)) {
      return aws::JsonError(Unsupported(name, "not supported yet"));
    }
  }
  if (changed.contains("EngineVersion") && properties.contains("AllowMajorVersionUpgrade"))
    params["AllowMajorVersionUpgrade"] = properties["AllowMajorVersionUpgrade"];
  return aws::JsonValue(std::move(params));
}

}  // namespace awsr::reconcilers::rds
