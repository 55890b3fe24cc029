// AWS::EC2::RouteTable. Unnamed: found by the ownership tags alone. Its routes and subnet
// associations are resources of their own, claimed on the table (ec2_claims.h). No client
// token: the engine's create-pending marker covers a lost answer, and a token would hand back
// the deleted table when a logical ID is removed and declared again.
#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_shared_list.h"
#include "reconcilers/ec2/ec2_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

class RouteTableReconciler final : public SharedListTaggedType {
 public:
  RouteTableReconciler(aws::AwsClient& client, std::shared_ptr<SharedOwnedList> tables)
      : SharedListTaggedType({.type = "AWS::EC2::RouteTable", .service = "ec2"},
                             {"DescribeRouteTables", "routeTableSet", 100, "CreateRouteTable",
                              "routeTable", "route-table", "DeleteRouteTable", "RouteTableId"},
                             client, std::move(tables)) {}

 protected:
  engine::ObservedResource FromItem(const json& table, const std::string& region) const override {
    engine::ObservedResource observed = Tagged(table, "routeTableId", region);
    observed.properties.Set("VpcId", StringField(table, "vpcId"));
    for (const auto& association : aws::AsList(table.value("associationSet", json())))
      observed.made_by_aws = observed.made_by_aws || IsTrue(association.value("main", json()));
    observed.attributes = {{"RouteTableId", observed.physical_id}};
    return observed;
  }

  json CreateParams(const engine::DesiredResource& desired) const override {
    return {{"VpcId", StringField(desired.properties, "VpcId")}};
  }
};

}  // namespace

void AddRouteTable(engine::Registry& registry, const kit::Context& context,
                   std::shared_ptr<SharedOwnedList> tables) {
  registry.Add(std::make_unique<RouteTableReconciler>(context.client, std::move(tables)),
               ResourceTags(context.client));
}

}  // namespace awsr::reconcilers::ec2
