#include "reconcilers/ec2/internet_gateway_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// One item of DescribeInternetGateways' internetGatewaySet (or CreateInternetGateway's
// internetGateway).
engine::ObservedResource FromDescribe(const json& gateway, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(gateway, "internetGatewayId");
  observed.tags = ReadTagSet(gateway.value("tagSet", json()));
  observed.identity_key = observed.Tag(engine::kLogicalIdTag);
  observed.properties = {{"Tags", UserTags(observed.tags)}};
  observed.attributes = {{"InternetGatewayId", observed.physical_id}};
  RememberRegion(observed, region);
  return observed;
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest CreateGatewayCall(const engine::DesiredResource& desired) {
  return Ec2Call(desired.region, "CreateInternetGateway",
                 {{"TagSpecification", TagSpecifications("internet-gateway", desired)}});
}

aws::CallRequest DeleteGatewayCall(const engine::ObservedResource& gateway) {
  return Ec2Call(RegionOf(gateway), "DeleteInternetGateway",
                 {{"InternetGatewayId", gateway.physical_id}});
}

}  // namespace

// One paginated DescribeInternetGateways with the owner tag filter.
awaitable<Result<std::vector<engine::ObservedResource>>> InternetGatewayReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto gateways = co_await DescribeOwned(client_, scope.region, scope.owner,
                                         "DescribeInternetGateways", "internetGatewaySet", 1000);
  if (!gateways) co_return gateways.error();
  std::vector<engine::ObservedResource> observed;
  for (const auto& gateway : *gateways) observed.push_back(FromDescribe(gateway, scope.region));
  co_return observed;
}

engine::Diff InternetGatewayReconciler::Compare(const engine::DesiredResource& desired,
                                                const engine::ObservedResource& observed) const {
  return engine::DiffProperties(desired.properties, observed.properties);
}

awaitable<Result<engine::ObservedResource>> InternetGatewayReconciler::Create(
    engine::DesiredResource desired) {
  auto created = co_await client_.Call(CreateGatewayCall(desired));
  if (!created) co_return created.error();
  co_return FromDescribe(created->data.value("internetGateway", json()), desired.region);
}

awaitable<Result<void>> InternetGatewayReconciler::Update(engine::DesiredResource desired,
                                                          engine::ObservedResource observed,
                                                          engine::Diff diff) {
  if (!diff.Touches("/Tags")) co_return Result<void>{};
  co_return co_await SyncUserTags(client_, std::move(desired), std::move(observed));
}

// An attached gateway fails with DependencyViolation (kConflict): the engine deletes the
// attachment first (it depends on the gateway) and retries this with backoff meanwhile.
awaitable<Result<void>> InternetGatewayReconciler::Delete(engine::ObservedResource observed) {
  co_return co_await DeleteIgnoringNotFound(client_, DeleteGatewayCall(observed));
}

awaitable<Result<void>> InternetGatewayReconciler::RetagOwnership(
    engine::ObservedResource observed, std::map<std::string, std::string> add,
    std::vector<std::string> remove) {
  co_return co_await Retag(client_, std::move(observed), std::move(add), std::move(remove));
}

}  // namespace awsr::reconcilers::ec2
