// AWS::EC2::SubnetRouteTableAssociation: a subnet's explicit route table. Its Ref is AWS's
// association ID ("rtbassoc-…"); it has no tags, so it is ours when the route table is ours and
// claims the subnet (ec2_claimed_child.h); its identity key is "<route-table-id>|<subnet-id>".
// Both properties are create-only, so the default Update (nothing in place) is right.
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_claimed_child.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

class SubnetRouteTableAssociationReconciler final : public ClaimedChild {
 public:
  SubnetRouteTableAssociationReconciler(aws::AwsClient& client,
                                        std::shared_ptr<SharedOwnedList> tables)
      : ClaimedChild({.type = "AWS::EC2::SubnetRouteTableAssociation", .service = "ec2"},
                     {"association", "DescribeRouteTables", "routeTableSet", 100, "RouteTableId",
                      "routeTableId", "SubnetId"},
                     client, std::move(tables)) {}

 protected:
  // The table's subnet associations (not the main one, nor gateway associations).
  std::vector<engine::ObservedResource> Listed(const json& table,
                                               const std::string& region) const override {
    std::vector<engine::ObservedResource> associations;
    for (const auto& association : aws::AsList(table.value("associationSet", json()))) {
      const std::string subnet_id = StringField(association, "subnetId");
      if (subnet_id.empty() || IsTrue(association.value("main", json()))) continue;
      associations.push_back(Associated(StringField(table, "routeTableId"), subnet_id,
                                        StringField(association, "routeTableAssociationId"),
                                        region));
    }
    return associations;
  }

  Task<engine::ObservedResource> CreateChild(engine::DesiredResource desired) override {
    const std::string table_id = StringField(desired.properties, "RouteTableId");
    const std::string subnet_id = StringField(desired.properties, "SubnetId");
    const aws::CallRequest call = Ec2Call(desired.region, "AssociateRouteTable",
                                          {{"RouteTableId", table_id}, {"SubnetId", subnet_id}});
    auto associated = co_await client().Call(call);
    if (!associated) co_return associated.error();
    co_return Associated(table_id, subnet_id, StringField(associated->data, "associationId"),
                         desired.region);
  }

  // An orphan claim has no association to remove.
  Task<void> DeleteChild(engine::ObservedResource association) override {
    const std::string id = StringField(association.internal, "association_id");
    if (id.empty()) co_return Result<void>{};
    const aws::CallRequest call =
        Ec2Call(association.region, "DisassociateRouteTable", {{"AssociationId", id}});
    co_return co_await kit::CallIgnoringNotFound(client(), call);
  }

 private:
  // Ref is the association ID.
  engine::ObservedResource Associated(const std::string& table_id, const std::string& subnet_id,
                                      const std::string& association_id,
                                      const std::string& region) const {
    engine::ObservedResource association = Child(table_id, subnet_id, region);
    association.physical_id = association_id;
    association.attributes = {{"Id", association_id}};
    association.internal["association_id"] = association_id;
    return association;
  }
};

}  // namespace

void AddSubnetRouteTableAssociation(engine::Registry& registry, const kit::Context& context,
                                    std::shared_ptr<SharedOwnedList> tables) {
  registry.Add(
      std::make_unique<SubnetRouteTableAssociationReconciler>(context.client, std::move(tables)),
      ParentClaim(context.client));
}

}  // namespace awsr::reconcilers::ec2
