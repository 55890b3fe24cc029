// AWS::RDS::DBInstance: kit::DatabaseType's shape, one DescribeDBInstances per region and
// cycle. Slow: not ready until `available`, so the engine waits without blocking anything
// else, and changes go in once it is, with ApplyImmediately. The master password is
// write-only (kit/write_only.h), or RDS makes and keeps it (ManageMasterUserPassword).
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/database_type.h"
#include "reconcilers/kit/query_records.h"
#include "reconcilers/rds/db_instance_description.h"
#include "reconcilers/rds/rds_calls.h"
#include "reconcilers/rds/rds_types.h"

namespace awsr::reconcilers::rds {
namespace {

using engine::Task;
using nlohmann::json;

class DbInstanceReconciler final : public kit::DatabaseType {
 public:
  explicit DbInstanceReconciler(aws::AwsClient& client)
      : DatabaseType({.type = "AWS::RDS::DBInstance",
                      .service = "rds",
                      .name_property = "DBInstanceIdentifier",
                      .max_name_length = 63},
                     {"DBInstanceIdentifier", "DescribeDBInstances", "DBInstances", "DBInstance",
                      "CreateDBInstance", "DBInstanceAlreadyExists", "DeleteDBInstance",
                      "SkipFinalSnapshot", "FinalDBSnapshotIdentifier", kRdsTagging},
                     client, {"MasterUserPassword"}) {}

  // Names compare in RDS's lower case, a major EngineVersion ("16") matches its minor
  // versions, and the port is unknown until the instance has an endpoint.
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    engine::DesiredResource wanted = desired;
    json& properties = wanted.properties;
    properties = kit::WithLowercaseNames(properties, {"DBInstanceIdentifier", "DBSubnetGroupName"});
    const std::string version = StringField(properties, "EngineVersion");
    if (!version.empty() &&
        StringField(observed.properties, "EngineVersion").starts_with(version + "."))
      properties["EngineVersion"] = observed.properties["EngineVersion"];
    if (!observed.properties.Contains("Port")) properties.erase("Port");
    engine::DiffRules rules;
    rules.set_properties = {"VPCSecurityGroups"};
    return write_only().Compare(wanted, observed, rules);
  }

 protected:
  engine::ObservedResource FromRecord(const json& record,
                                      const std::string& region) const override {
    return InstanceFromRecord(record, region);
  }

  Result<json> CreateParams(const engine::DesiredResource& desired,
                            const json& properties) const override {
    return CreateInstanceParams(desired, properties);
  }

  Result<std::vector<kit::Modification>> Modifications(
      const engine::ObservedResource& observed, const json& properties,
      const std::set<std::string>& changed) const override {
    auto params = ModifyInstanceParams(observed.physical_id, properties, changed);
    if (!params) return params.error();
    std::vector<kit::Modification> calls;
    // More than the identifier and ApplyImmediately: something to send.
    if (params->size() > 2) calls.push_back({"ModifyDBInstance", std::move(*params)});
    return calls;
  }
};

}  // namespace

void AddDbInstance(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<DbInstanceReconciler>(context.client),
               kit::ResourceNameTags(context.client, kRdsTagging));
}

}  // namespace awsr::reconcilers::rds
