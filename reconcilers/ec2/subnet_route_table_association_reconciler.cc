#include "reconcilers/ec2/subnet_route_table_association_reconciler.h"

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

constexpr std::string_view kClaimKind = "association";

std::string AssociationKey(const std::string& table_id, const std::string& subnet_id) {
  return table_id + "|" + subnet_id;
}

// An association of `subnet_id` with `table_id`. An orphan claim has no association ID, so its
// key stands in as the physical ID until the engine clears it.
engine::ObservedResource Association(const std::string& table_id, const std::string& subnet_id,
                                     const std::string& association_id, const std::string& region) {
  engine::ObservedResource observed;
  observed.identity_key = AssociationKey(table_id, subnet_id);
  observed.physical_id = association_id.empty() ? observed.identity_key : association_id;
  observed.properties = {{"RouteTableId", table_id}, {"SubnetId", subnet_id}};
  if (!association_id.empty()) {
    observed.attributes = {{"Id", association_id}};
    observed.internal["association_id"] = association_id;
  }
  RememberRegion(observed, region);
  RememberClaimSite(observed, {table_id, ClaimKey(kClaimKind, subnet_id)});
  return observed;
}

// The subnet associations of one route table (not the main one, nor gateway associations).
std::vector<json> SubnetAssociations(const json& table) {
  std::vector<json> found;
  for (const auto& association : aws::AsList(table.value("associationSet", json()))) {
    if (!StringField(association, "subnetId").empty() && !IsTrue(association.value("main", json())))
      found.push_back(association);
  }
  return found;
}

// Every association of one owned table that ObserveAll reports.
std::vector<engine::ObservedResource> AssociationsOf(const json& table, const std::string& region,
                                                     const std::set<std::string>& identity_keys) {
  const std::string table_id = StringField(table, "routeTableId");
  std::vector<engine::ObservedResource> present;
  for (const auto& association : SubnetAssociations(table)) {
    present.push_back(Association(table_id, StringField(association, "subnetId"),
                                  StringField(association, "routeTableAssociationId"), region));
  }
  const auto orphan = [&](const std::string& subnet_id) {
    return Association(table_id, subnet_id, "", region);
  };
  return ReportChildren(ReadTagSet(table.value("tagSet", json())), kClaimKind, std::move(present),
                        orphan, identity_keys);
}

// The ID of `subnet_id`'s association with `table`; "" when there is none.
std::string AssociationIdOf(const json& table, const std::string& subnet_id) {
  for (const auto& association : SubnetAssociations(table)) {
    if (StringField(association, "subnetId") == subnet_id)
      return StringField(association, "routeTableAssociationId");
  }
  return {};
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest AssociateCall(const engine::DesiredResource& desired) {
  return Ec2Call(desired.region, "AssociateRouteTable",
                 {{"RouteTableId", StringField(desired.properties, "RouteTableId")},
                  {"SubnetId", StringField(desired.properties, "SubnetId")}});
}

aws::CallRequest DisassociateCall(const engine::ObservedResource& association,
                                  const std::string& association_id) {
  return Ec2Call(RegionOf(association), "DisassociateRouteTable",
                 {{"AssociationId", association_id}});
}

}  // namespace

std::string SubnetRouteTableAssociationReconciler::IdentityKey(
    const engine::DesiredResource& desired) const {
  return AssociationKey(StringField(desired.properties, "RouteTableId"),
                        StringField(desired.properties, "SubnetId"));
}

// One paginated DescribeRouteTables with the owner tag filter: associations are only managed
// with route tables this daemon owns.
awaitable<Result<std::vector<engine::ObservedResource>>>
SubnetRouteTableAssociationReconciler::ObserveAll(engine::ObserveScope scope) {
  auto tables = co_await DescribeOwned(client_, scope.region, scope.owner, "DescribeRouteTables",
                                       "routeTableSet", 100);
  if (!tables) co_return tables.error();
  const std::set<std::string> identity_keys(scope.identity_keys.begin(), scope.identity_keys.end());
  std::vector<engine::ObservedResource> observed;
  for (const auto& table : *tables) {
    for (auto& association : AssociationsOf(table, scope.region, identity_keys)) {
      observed.push_back(std::move(association));
    }
  }
  co_return observed;
}

engine::Diff SubnetRouteTableAssociationReconciler::Compare(
    const engine::DesiredResource& desired, const engine::ObservedResource& observed) const {
  return engine::DiffProperties(desired.properties, observed.properties);
}

// Claim first, then the association (see RouteReconciler::Create).
awaitable<Result<engine::ObservedResource>> SubnetRouteTableAssociationReconciler::Create(
    engine::DesiredResource desired) {
  const std::string table_id = StringField(desired.properties, "RouteTableId");
  const std::string subnet_id = StringField(desired.properties, "SubnetId");
  auto table = co_await DescribeOne(
      client_, DescribeByIdCall(desired.region, "DescribeRouteTables", "RouteTableId", table_id),
      "routeTableSet");
  if (!table) co_return table.error();
  std::string association_id = AssociationIdOf(*table, subnet_id);
  const ClaimSite site = {table_id, ClaimKey(kClaimKind, subnet_id)};
  const TagMap parent_tags = ReadTagSet(table->value("tagSet", json()));
  auto exists = CheckClaimable(parent_tags, desired, site.key, !association_id.empty());
  if (!exists) co_return exists.error();
  if (!*exists) {
    if (!HoldsClaim(parent_tags, site.key, desired)) {
      auto claimed = co_await WriteClaim(client_, desired, site);
      if (!claimed) co_return claimed.error();
    }
    auto associated = co_await client_.Call(AssociateCall(desired));
    if (!associated) co_return associated.error();
    association_id = StringField(associated->data, "associationId");
  }
  engine::ObservedResource association =
      Association(table_id, subnet_id, association_id, desired.region);
  association.tags = desired.ownership_tags;
  co_return association;
}

// Both properties are create-only: the engine reports a change as NeedsReplacement and never
// gets here with one.
awaitable<Result<void>> SubnetRouteTableAssociationReconciler::Update(
    engine::DesiredResource desired, engine::ObservedResource observed, engine::Diff diff) {
  (void)desired;
  (void)observed;
  (void)diff;
  co_return Result<void>{};
}

// The association, then its claim. Gone already (or an orphan claim) is fine.
awaitable<Result<void>> SubnetRouteTableAssociationReconciler::Delete(
    engine::ObservedResource observed) {
  const std::string association_id = observed.internal.value("association_id", "");
  if (!association_id.empty()) {
    auto removed =
        co_await DeleteIgnoringNotFound(client_, DisassociateCall(observed, association_id));
    if (!removed) co_return removed;
  }
  co_return co_await DropClaim(client_, std::move(observed));
}

awaitable<Result<void>> SubnetRouteTableAssociationReconciler::RetagOwnership(
    engine::ObservedResource observed, std::map<std::string, std::string> add,
    std::vector<std::string> remove) {
  co_return co_await RetagClaim(client_, std::move(observed), std::move(add), std::move(remove));
}

}  // namespace awsr::reconcilers::ec2
