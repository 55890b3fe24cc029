#include "reconcilers/ec2/route_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <set>

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_claims.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr std::string_view kClaimKind = "route";

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

std::string RouteId(const std::string& table_id, const std::string& destination) {
  return table_id + "|" + destination;
}

// A route as the file would declare it, before its target is known.
engine::ObservedResource Route(const std::string& table_id, const std::string& destination,
                               const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = RouteId(table_id, destination);
  observed.identity_key = observed.physical_id;
  observed.properties = {{"RouteTableId", table_id}, {"DestinationCidrBlock", destination}};
  RememberRegion(observed, region);
  RememberClaimSite(observed, {table_id, ClaimKey(kClaimKind, destination)});
  return observed;
}

// One item of a route table's routeSet.
engine::ObservedResource FromDescribe(const std::string& table_id, const json& route,
                                      const std::string& region) {
  engine::ObservedResource observed =
      Route(table_id, StringField(route, "destinationCidrBlock"), region);
  for (const RouteTarget& target : kTargets) {
    if (const std::string id = StringField(route, target.field); !id.empty()) {
      observed.properties[target.property] = id;
    }
  }
  observed.aws_state = StringField(route, "state");  // "blackhole" when the target is gone
  return observed;
}

// The route a table made itself ("local") is not a resource anyone declares.
bool IsDeclarable(const json& route) {
  return !StringField(route, "destinationCidrBlock").empty() &&
         StringField(route, "origin") != "CreateRouteTable" &&
         StringField(route, "gatewayId") != "local";
}

// Every route of one owned table that ObserveAll reports.
std::vector<engine::ObservedResource> RoutesOf(const json& table, const std::string& region,
                                               const std::set<std::string>& identity_keys) {
  const std::string table_id = StringField(table, "routeTableId");
  std::vector<engine::ObservedResource> present;
  for (const auto& route : aws::AsList(table.value("routeSet", json()))) {
    if (IsDeclarable(route)) present.push_back(FromDescribe(table_id, route, region));
  }
  const auto orphan = [&](const std::string& destination) {
    return Route(table_id, destination, region);
  };
  return ReportChildren(ReadTagSet(table.value("tagSet", json())), kClaimKind, std::move(present),
                        orphan, identity_keys);
}

bool HasRoute(const json& table, const std::string& destination) {
  for (const auto& route : aws::AsList(table.value("routeSet", json()))) {
    if (StringField(route, "destinationCidrBlock") == destination) return true;
  }
  return false;
}

// The target members of CreateRoute and ReplaceRoute, as the file sets them.
json TargetParams(const json& properties) {
  json params = json::object();
  for (const RouteTarget& target : kTargets) {
    if (const std::string id = StringField(properties, target.property); !id.empty()) {
      params[target.property] = id;
    }
  }
  return params;
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
// operation: "CreateRoute" or "ReplaceRoute".
aws::CallRequest RouteCall(const std::string& operation, const engine::DesiredResource& desired) {
  json params = TargetParams(desired.properties);
  params["RouteTableId"] = StringField(desired.properties, "RouteTableId");
  params["DestinationCidrBlock"] = StringField(desired.properties, "DestinationCidrBlock");
  return Ec2Call(desired.region, operation, std::move(params));
}

aws::CallRequest DeleteRouteCall(const engine::ObservedResource& route) {
  return Ec2Call(RegionOf(route), "DeleteRoute",
                 {{"RouteTableId", StringField(route.properties, "RouteTableId")},
                  {"DestinationCidrBlock", StringField(route.properties, "DestinationCidrBlock")}});
}

}  // namespace

std::string RouteReconciler::IdentityKey(const engine::DesiredResource& desired) const {
  return RouteId(StringField(desired.properties, "RouteTableId"),
                 StringField(desired.properties, "DestinationCidrBlock"));
}

// One paginated DescribeRouteTables with the owner tag filter: routes are only managed in route
// tables this daemon owns.
awaitable<Result<std::vector<engine::ObservedResource>>> RouteReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto tables = co_await DescribeOwned(client_, scope.region, scope.owner, "DescribeRouteTables",
                                       "routeTableSet", 100);
  if (!tables) co_return tables.error();
  const std::set<std::string> identity_keys(scope.identity_keys.begin(), scope.identity_keys.end());
  std::vector<engine::ObservedResource> observed;
  for (const auto& table : *tables) {
    for (auto& route : RoutesOf(table, scope.region, identity_keys)) {
      observed.push_back(std::move(route));
    }
  }
  co_return observed;
}

engine::Diff RouteReconciler::Compare(const engine::DesiredResource& desired,
                                      const engine::ObservedResource& observed) const {
  return engine::DiffProperties(desired.properties, observed.properties);
}

// Claim first, then the route: a crash in between leaves a claim without a route, which the
// next pass completes (or clears if the file dropped it), never a route of ours unclaimed.
awaitable<Result<engine::ObservedResource>> RouteReconciler::Create(
    engine::DesiredResource desired) {
  const std::string table_id = StringField(desired.properties, "RouteTableId");
  const std::string destination = StringField(desired.properties, "DestinationCidrBlock");
  auto table = co_await DescribeOne(
      client_, DescribeByIdCall(desired.region, "DescribeRouteTables", "RouteTableId", table_id),
      "routeTableSet");
  if (!table) co_return table.error();
  engine::ObservedResource route = Route(table_id, destination, desired.region);
  const ClaimSite site = ClaimSiteOf(route);
  const TagMap parent_tags = ReadTagSet(table->value("tagSet", json()));
  auto exists = CheckClaimable(parent_tags, desired, site.key, HasRoute(*table, destination));
  if (!exists) co_return exists.error();
  if (!*exists) {
    if (!HoldsClaim(parent_tags, site.key, desired)) {
      auto claimed = co_await WriteClaim(client_, desired, site);
      if (!claimed) co_return claimed.error();
    }
    auto created = co_await client_.Call(RouteCall("CreateRoute", desired));
    if (!created) co_return created.error();
  }
  route.properties.update(TargetParams(desired.properties));
  route.tags = desired.ownership_tags;
  co_return route;
}

// Only the target can differ here: the engine reports the create-only properties as
// NeedsReplacement before it ever calls Update.
awaitable<Result<void>> RouteReconciler::Update(engine::DesiredResource desired,
                                                engine::ObservedResource observed,
                                                engine::Diff diff) {
  (void)observed;
  (void)diff;
  auto replaced = co_await client_.Call(RouteCall("ReplaceRoute", desired));
  if (!replaced) co_return replaced.error();
  co_return Result<void>{};
}

// The route, then its claim. A route gone already (or an orphan claim) is fine.
awaitable<Result<void>> RouteReconciler::Delete(engine::ObservedResource observed) {
  auto deleted = co_await DeleteIgnoringNotFound(client_, DeleteRouteCall(observed));
  if (!deleted) co_return deleted;
  co_return co_await DropClaim(client_, std::move(observed));
}

awaitable<Result<void>> RouteReconciler::RetagOwnership(engine::ObservedResource observed,
                                                        std::map<std::string, std::string> add,
                                                        std::vector<std::string> remove) {
  co_return co_await RetagClaim(client_, std::move(observed), std::move(add), std::move(remove));
}

}  // namespace awsr::reconcilers::ec2
