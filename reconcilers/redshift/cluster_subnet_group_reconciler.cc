// AWS::Redshift::ClusterSubnetGroup. The specification gives it no name property, so it is
// found by tags alone — one DescribeClusterSubnetGroups filtered on the owner tag per region
// and cycle, tags included — and named "<owner>-<logical id>" in lower case.
#include "daemon/base/json_fields.h"
#include "daemon/engine/identity.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/query_list.h"
#include "reconcilers/kit/query_records.h"
#include "reconcilers/redshift/redshift_calls.h"
#include "reconcilers/redshift/redshift_types.h"

namespace awsr::reconcilers::redshift {
namespace {

using engine::Task;
using nlohmann::json;

class ClusterSubnetGroupReconciler final : public engine::Reconciler {
 public:
  explicit ClusterSubnetGroupReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::Redshift::ClusterSubnetGroup", .service = "redshift"}),
        client_(client),
        arns_(client) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto prepared = co_await arns_.Prepare();
    if (!prepared) co_return prepared.error();
    const json owner_key = json::array({std::string(engine::kOwnerTag)});
    const json owner = json::array({scope.owner});
    const aws::CallRequest call = kit::RegionCall(
        "redshift", scope.region, "DescribeClusterSubnetGroups",
        scope.everything ? json::object()
                         : json{{"TagKeys", kit::QueryList("TagKey", owner_key)},
                                {"TagValues", kit::QueryList("TagValue", owner)}});
    auto records =
        co_await kit::DescribeRecords(client_, call, "ClusterSubnetGroups", "ClusterSubnetGroup");
    if (!records) co_return records.error();
    std::vector<engine::ObservedResource> groups;
    for (const auto& record : *records) groups.push_back(FromRecord(record, scope.region));
    co_return kit::OursOrWanted(std::move(groups), scope);
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    engine::DiffRules rules;
    rules.set_properties = {"SubnetIds"};
    return engine::DiffProperties(desired.properties, observed.properties, rules);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    auto prepared = co_await arns_.Prepare();
    if (!prepared) co_return prepared.error();
    const std::string name = kit::Lowercase(engine::DerivedName(
        desired.ownership_tags[std::string(engine::kOwnerTag)], desired.logical_id, 255));
    const aws::CallRequest call = kit::RegionCall(
        "redshift", desired.region, "CreateClusterSubnetGroup",
        {{"ClusterSubnetGroupName", name},
         {"Description", StringField(desired.properties, "Description")},
         {"SubnetIds", kit::QueryList("SubnetIdentifier", desired.properties["SubnetIds"])},
         {"Tags", kit::QueryList("Tag", kit::CreationTagList(desired))}});
    auto created = co_await client_.Call(call);
    if (!created) {
      if (created.error().aws_code != "ClusterSubnetGroupAlreadyExists") co_return created.error();
      const aws::CallRequest find =
          kit::RegionCall("redshift", desired.region, "DescribeClusterSubnetGroups",
                          {{"ClusterSubnetGroupName", name}});
      auto found =
          co_await kit::DescribeRecords(client_, find, "ClusterSubnetGroups", "ClusterSubnetGroup");
      if (!found) co_return found.error();
      for (const auto& record : *found) {
        engine::ObservedResource group = FromRecord(record, desired.region);
        if (kit::IsOwnedBy(group.tags, desired)) co_return group;
      }
      co_return created.error();
    }
    co_return FromRecord(created->data.value("ClusterSubnetGroup", json()), desired.region);
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    const aws::CallRequest call = kit::RegionCall(
        "redshift", desired.region, "ModifyClusterSubnetGroup",
        {{"ClusterSubnetGroupName", observed.physical_id},
         {"Description", StringField(desired.properties, "Description")},
         {"SubnetIds", kit::QueryList("SubnetIdentifier", desired.properties["SubnetIds"])}});
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        kit::RegionCall("redshift", observed.region, "DeleteClusterSubnetGroup",
                        {{"ClusterSubnetGroupName", observed.physical_id}});
    // Still used by a cluster (one being deleted too): retried until it is gone.
    auto deleted = co_await kit::CallIgnoringNotFound(client_, call);
    co_return kit::BusyIsConflict(std::move(deleted), "InvalidClusterSubnetGroupStateFault");
  }

 private:
  engine::ObservedResource FromRecord(const json& group, const std::string& region) const {
    engine::ObservedResource observed;
    observed.physical_id = StringField(group, "ClusterSubnetGroupName");
    observed.region = region;
    observed.tags = kit::QueryTags(group.value("Tags", json()));
    observed.identity_key = observed.Tag(engine::kLogicalIdTag);
    json subnets = json::array();
    for (const auto& subnet : kit::QueryItems(group.value("Subnets", json()), "Subnet"))
      subnets.push_back(StringField(subnet, "SubnetIdentifier"));
    observed.properties = {{"Description", StringField(group, "Description")},
                           {"SubnetIds", subnets},
                           {"Tags", kit::UserTags(observed.tags)}};
    observed.attributes = {{"ClusterSubnetGroupName", observed.physical_id}};
    observed.internal = {{"arn", arns_.Arn(region, "subnetgroup", observed.physical_id)}};
    return observed;
  }

  aws::AwsClient& client_;
  RedshiftArns arns_;
};

}  // namespace

void AddClusterSubnetGroup(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<ClusterSubnetGroupReconciler>(context.client),
               kit::ResourceNameTags(context.client, kRedshiftTagging));
}

}  // namespace awsr::reconcilers::redshift
