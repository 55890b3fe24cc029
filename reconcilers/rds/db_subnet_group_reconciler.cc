// AWS::RDS::DBSubnetGroup. Named (DBSubnetGroupName, which RDS keeps in lower case). RDS's
// describe of subnet groups carries no tags, so ownership costs one ListTagsForResource per
// group and cycle (docs/resource-types.md).
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/query_list.h"
#include "reconcilers/kit/query_records.h"
#include "reconcilers/rds/rds_calls.h"
#include "reconcilers/rds/rds_types.h"

namespace awsr::reconcilers::rds {
namespace {

using engine::Task;
using nlohmann::json;

engine::ObservedResource FromRecord(const json& group, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(group, "DBSubnetGroupName");
  observed.identity_key = observed.physical_id;
  observed.region = region;
  json subnets = json::array();
  for (const auto& subnet : kit::QueryItems(group.value("Subnets", json()), "Subnet"))
    subnets.push_back(StringField(subnet, "SubnetIdentifier"));
  observed.properties = {
      {"DBSubnetGroupName", observed.physical_id},
      {"DBSubnetGroupDescription", StringField(group, "DBSubnetGroupDescription")},
      {"SubnetIds", subnets}};
  observed.internal = {{"arn", StringField(group, "DBSubnetGroupArn")}};
  return observed;
}

class DbSubnetGroupReconciler final : public engine::Reconciler {
 public:
  explicit DbSubnetGroupReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::RDS::DBSubnetGroup",
                    .service = "rds",
                    .name_property = "DBSubnetGroupName",
                    .max_name_length = 255}),
        client_(client) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return kit::Lowercase(desired.name);
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto groups = co_await Describe(scope.region, "");
    if (!groups) co_return groups.error();
    co_return kit::OursOrWanted(std::move(*groups), scope);
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    const json wanted = kit::WithLowercaseNames(desired.properties, {"DBSubnetGroupName"});
    engine::DiffRules rules;
    rules.set_properties = {"SubnetIds"};
    return engine::DiffProperties(wanted, observed.properties, rules);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    const aws::CallRequest call = kit::RegionCall(
        "rds", desired.region, "CreateDBSubnetGroup",
        {{"DBSubnetGroupName", desired.name},
         {"DBSubnetGroupDescription", StringField(desired.properties, "DBSubnetGroupDescription")},
         {"SubnetIds", kit::QueryList("SubnetIdentifier", desired.properties["SubnetIds"])},
         {"Tags", kit::QueryList("Tag", kit::CreationTagList(desired))}});
    auto created = co_await client_.Call(call);
    if (!created && created.error().aws_code != "DBSubnetGroupAlreadyExists")
      co_return created.error();
    // Read back as a describe shows it (and, after "already exists", whose it is).
    auto found = co_await Describe(desired.region, IdentityKey(desired));
    if (!found) co_return found.error();
    for (auto& group : *found) {
      if (kit::IsOwnedBy(group.tags, desired)) co_return std::move(group);
    }
    co_return created
        ? MakeError(ErrorKind::kTransient, "the new DB subnet group is not visible yet")
        : created.error();
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    const aws::CallRequest call = kit::RegionCall(
        "rds", desired.region, "ModifyDBSubnetGroup",
        {{"DBSubnetGroupName", observed.physical_id},
         {"DBSubnetGroupDescription", StringField(desired.properties, "DBSubnetGroupDescription")},
         {"SubnetIds", kit::QueryList("SubnetIdentifier", desired.properties["SubnetIds"])}});
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call = kit::RegionCall("rds", observed.region, "DeleteDBSubnetGroup",
                                                  {{"DBSubnetGroupName", observed.physical_id}});
    // Still used by an instance (one being deleted too): retried until it is gone.
    auto deleted = co_await kit::CallIgnoringNotFound(client_, call);
    co_return kit::BusyIsConflict(std::move(deleted), "InvalidDBSubnetGroupStateFault");
  }

 private:
  // Every subnet group (or the one named), each with its tags.
  Task<std::vector<engine::ObservedResource>> Describe(std::string region, std::string name) {
    json params = json::object();
    if (!name.empty()) params["DBSubnetGroupName"] = name;
    const aws::CallRequest call =
        kit::RegionCall("rds", region, "DescribeDBSubnetGroups", std::move(params));
    auto records = co_await kit::DescribeRecords(client_, call, "DBSubnetGroups", "DBSubnetGroup");
    if (!records) co_return records.error();
    std::vector<engine::ObservedResource> groups;
    for (const auto& record : *records) {
      engine::ObservedResource group = FromRecord(record, region);
      const aws::CallRequest list = kit::RegionCall("rds", region, "ListTagsForResource",
                                                    {{"ResourceName", group.internal["arn"]}});
      auto tags = co_await client_.Call(list);
      if (!tags) co_return tags.error();
      group.tags = kit::QueryTags(tags->data.value("TagList", json()));
      group.properties.Set("Tags", kit::UserTags(group.tags));
      groups.push_back(std::move(group));
    }
    co_return groups;
  }

  aws::AwsClient& client_;
};

}  // namespace

void AddDbSubnetGroup(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<DbSubnetGroupReconciler>(context.client),
               kit::ResourceNameTags(context.client, kRdsTagging));
}

}  // namespace awsr::reconcilers::rds
