// AWS::Redshift::Cluster: kit::DatabaseType's shape, one DescribeClusters per region and
// cycle. Ready only when `available`; each change makes it `modifying`, so one pass sends
// ModifyCluster and ModifyClusterIamRoles (IamRoles, a set) waits for the next. The master
// password is write-only (kit/write_only.h). Redshift's records carry no ARN: built from the
// account (redshift_calls.h).
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/database_type.h"
#include "reconcilers/kit/query_records.h"
#include "reconcilers/redshift/cluster_description.h"
#include "reconcilers/redshift/redshift_calls.h"
#include "reconcilers/redshift/redshift_types.h"

namespace awsr::reconcilers::redshift {
namespace {

using engine::Task;
using nlohmann::json;

class ClusterReconciler final : public kit::DatabaseType {
 public:
  explicit ClusterReconciler(aws::AwsClient& client)
      : DatabaseType(
            {.type = "AWS::Redshift::Cluster",
             .service = "redshift",
             .name_property = "ClusterIdentifier",
             .max_name_length = 63},
            {"ClusterIdentifier", "DescribeClusters", "Clusters", "Cluster", "CreateCluster",
             "ClusterAlreadyExists", "DeleteCluster", "SkipFinalClusterSnapshot",
             "FinalClusterSnapshotIdentifier", kRedshiftTagging},
            client, {"MasterUserPassword"}),
        arns_(client) {}

  // Identifiers compare in lower case; the port is unknown until there is an endpoint.
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    engine::DesiredResource wanted = desired;
    wanted.properties = kit::WithLowercaseNames(desired.properties,
                                                {"ClusterIdentifier", "ClusterSubnetGroupName"});
    if (!observed.properties.Contains("Port")) wanted.properties.erase("Port");
    engine::DiffRules rules;
    rules.set_properties = {"VpcSecurityGroupIds", "IamRoles"};
    return write_only().Compare(wanted, observed, rules);
  }

 protected:
  engine::ObservedResource FromRecord(const json& record,
                                      const std::string& region) const override {
    engine::ObservedResource cluster = ClusterFromRecord(record, region);
    cluster.internal["arn"] = arns_.Arn(region, "cluster", cluster.physical_id);
    return cluster;
  }

  Result<json> CreateParams(const engine::DesiredResource& desired,
                            const json& properties) const override {
    return CreateClusterParams(desired, properties);
  }

  // One of the two per pass: each makes the cluster `modifying` until it settles.
  Result<std::vector<kit::Modification>> Modifications(
      const engine::ObservedResource& observed, const json& properties,
      const std::set<std::string>& changed) const override {
    auto params = ModifyClusterParams(observed.physical_id, properties, changed);
    if (!params) return params.error();
    std::vector<kit::Modification> calls;
    if (params->size() > 1) {
      calls.push_back({"ModifyCluster", std::move(*params)});
    } else if (changed.contains("IamRoles")) {
      calls.push_back({"ModifyClusterIamRoles",
                       IamRoleChanges(observed.physical_id, properties, observed.properties)});
    }
    return calls;
  }

  Task<void> Prepare() override { co_return co_await arns_.Prepare(); }

 private:
  RedshiftArns arns_;
};

}  // namespace

void AddCluster(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<ClusterReconciler>(context.client),
               kit::ResourceNameTags(context.client, kRedshiftTagging));
}

}  // namespace awsr::reconcilers::redshift
