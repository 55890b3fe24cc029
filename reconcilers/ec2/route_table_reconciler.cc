#include "reconcilers/ec2/route_table_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// One item of DescribeRouteTables' routeTableSet (or CreateRouteTable's routeTable). Its
// routes and associations are observed by their own reconcilers.
engine::ObservedResource FromDescribe(const json& table, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(table, "routeTableId");
  observed.tags = ReadTagSet(table.value("tagSet", json()));
  observed.identity_key = observed.Tag(engine::kLogicalIdTag);
  observed.properties = {{"VpcId", StringField(table, "vpcId")}, {"Tags", UserTags(observed.tags)}};
  observed.attributes = {{"RouteTableId", observed.physical_id}};
  RememberRegion(observed, region);
  return observed;
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest CreateTableCall(const engine::DesiredResource& desired) {
  json params = {{"VpcId", StringField(desired.properties, "VpcId")},
                 {"TagSpecification", TagSpecifications("route-table", desired)}};
  return Ec2Call(desired.region, "CreateRouteTable", std::move(params));
}

aws::CallRequest DeleteTableCall(const engine::ObservedResource& table) {
  return Ec2Call(RegionOf(table), "DeleteRouteTable", {{"RouteTableId", table.physical_id}});
}

}  // namespace

// One paginated DescribeRouteTables with the owner tag filter.
awaitable<Result<std::vector<engine::ObservedResource>>> RouteTableReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto tables = co_await DescribeOwned(client_, scope.region, scope.owner, "DescribeRouteTables",
                                       "routeTableSet", 100);
  if (!tables) co_return tables.error();
  std::vector<engine::ObservedResource> observed;
  for (const auto& table : *tables) observed.push_back(FromDescribe(table, scope.region));
  co_return observed;
}

engine::Diff RouteTableReconciler::Compare(const engine::DesiredResource& desired,
                                           const engine::ObservedResource& observed) const {
  return engine::DiffProperties(desired.properties, observed.properties);
}

// No client token: the engine's create-pending marker already covers a lost answer, and a token
// would hand back the deleted table when a logical ID is removed and then declared again.
awaitable<Result<engine::ObservedResource>> RouteTableReconciler::Create(
    engine::DesiredResource desired) {
  auto created = co_await client_.Call(CreateTableCall(desired));
  if (!created) co_return created.error();
  co_return FromDescribe(created->data.value("routeTable", json()), desired.region);
}

awaitable<Result<void>> RouteTableReconciler::Update(engine::DesiredResource desired,
                                                     engine::ObservedResource observed,
                                                     engine::Diff diff) {
  if (!diff.Touches("/Tags")) co_return Result<void>{};
  co_return co_await SyncUserTags(client_, std::move(desired), std::move(observed));
}

// A table still associated with a subnet fails with DependencyViolation (kConflict): the
// engine removes the associations first and retries this with backoff meanwhile. Its routes
// (and the claims on it) go with it.
awaitable<Result<void>> RouteTableReconciler::Delete(engine::ObservedResource observed) {
  co_return co_await DeleteIgnoringNotFound(client_, DeleteTableCall(observed));
}

awaitable<Result<void>> RouteTableReconciler::RetagOwnership(engine::ObservedResource observed,
                                                             std::map<std::string, std::string> add,
                                                             std::vector<std::string> remove) {
  co_return co_await Retag(client_, std::move(observed), std::move(add), std::move(remove));
}

}  // namespace awsr::reconcilers::ec2
