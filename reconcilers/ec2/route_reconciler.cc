// AWS::EC2::Route: one destination of a route table and its target (GatewayId for an internet
// gateway, or another target property). A route has no ID or tags of its own: it is
// "<route-table-id>|<destination>" (Ref and identity key), and it is ours when the route table
// is ours and claims it (ec2_claimed_child.h). RouteTableId and DestinationCidrBlock are
// create-only; the target changes in place with ReplaceRoute.
#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_claimed_child.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

// Where a route may lead: CloudFormation's property (also CreateRoute's member) and the
// member of DescribeRouteTables' route.
struct RouteTarget {
  const char* property;
  const char* field;
};

constexpr RouteTarget kTargets[] = {
    {"GatewayId", "gatewayId"},
    {"NatGatewayId", "natGatewayId"},
    {"InstanceId", "instanceId"},
    {"NetworkInterfaceId", "networkInterfaceId"},
    {"VpcPeeringConnectionId", "vpcPeeringConnectionId"},
    {"TransitGatewayId", "transitGatewayId"},
};

// The route a table made itself ("local") is not a resource anyone declares.
bool IsDeclarable(const json& route) {
  return !StringField(route, "destinationCidrBlock").empty() &&
         StringField(route, "origin") != "CreateRouteTable" &&
         StringField(route, "gatewayId") != "local";
}

// operation: "CreateRoute" or "ReplaceRoute", with the target members as the file sets them.
aws::CallRequest RouteCall(const std::string& operation, const engine::DesiredResource& desired) {
  json params = {{"RouteTableId", StringField(desired.properties, "RouteTableId")},
                 {"DestinationCidrBlock", StringField(desired.properties, "DestinationCidrBlock")}};
  for (const RouteTarget& target : kTargets) {
    if (const std::string id = StringField(desired.properties, target.property); !id.empty())
      params[target.property] = id;
  }
  return Ec2Call(desired.region, operation, std::move(params));
}

class RouteReconciler final : public ClaimedChild {
 public:
  RouteReconciler(aws::AwsClient& client, std::shared_ptr<SharedOwnedList> tables)
      : ClaimedChild({.type = "AWS::EC2::Route", .service = "ec2"},
                     {"route", "DescribeRouteTables", "routeTableSet", 100, "RouteTableId",
                      "routeTableId", "DestinationCidrBlock"},
                     client, std::move(tables)) {}

  // Only the target can differ here: the engine reports the create-only properties as
  // NeedsReplacement before it ever calls Update.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource,
                    engine::Diff) override {
    co_return co_await kit::CallForEffect(client(), RouteCall("ReplaceRoute", desired));
  }

 protected:
  std::vector<engine::ObservedResource> Listed(const json& table,
                                               const std::string& region) const override {
    std::vector<engine::ObservedResource> routes;
    for (const auto& route : aws::AsList(table.value("routeSet", json()))) {
      if (!IsDeclarable(route)) continue;
      routes.push_back(Child(StringField(table, "routeTableId"),
                             StringField(route, "destinationCidrBlock"), region));
      for (const RouteTarget& target : kTargets) {
        if (const std::string id = StringField(route, target.field); !id.empty())
          routes.back().properties.Set(target.property, id);
      }
      routes.back().aws_state = StringField(route, "state");  // "blackhole": the target is gone
    }
    return routes;
  }

  Task<engine::ObservedResource> CreateChild(engine::DesiredResource desired) override {
    auto created = co_await kit::CallForEffect(client(), RouteCall("CreateRoute", desired));
    if (!created) co_return created.error();
    engine::ObservedResource route =
        Child(StringField(desired.properties, "RouteTableId"),
              StringField(desired.properties, "DestinationCidrBlock"), desired.region);
    route.properties = desired.properties;
    co_return route;
  }

  Task<void> DeleteChild(engine::ObservedResource route) override {
    const aws::CallRequest call =
        Ec2Call(route.region, "DeleteRoute",
                {{"RouteTableId", StringField(route.properties, "RouteTableId")},
                 {"DestinationCidrBlock", StringField(route.properties, "DestinationCidrBlock")}});
    co_return co_await kit::CallIgnoringNotFound(client(), call);
  }
};

}  // namespace

void AddRoute(engine::Registry& registry, const kit::Context& context,
              std::shared_ptr<SharedOwnedList> tables) {
  registry.Add(std::make_unique<RouteReconciler>(context.client, std::move(tables)),
               ParentClaim(context.client));
}

}  // namespace awsr::reconcilers::ec2
