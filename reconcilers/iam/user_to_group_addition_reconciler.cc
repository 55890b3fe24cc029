#include "reconcilers/iam/user_to_group_addition_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <algorithm>

#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/iam_compare.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_principal.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr char kLedgerKind[] = "UserToGroupAddition";

json UsersOf(const json& object, const char* member) {
  const auto found = object.find(member);
  return found != object.end() && found->is_array() ? *found : json::array();
}

std::vector<std::string> Strings(const json& list) {
  std::vector<std::string> strings;
  for (const auto& item : list) {
    if (item.is_string()) strings.push_back(item.get<std::string>());
  }
  return strings;
}

// A membership as the ledger and AWS together say: the listed users that are in the group.
engine::ObservedResource Membership(const std::string& logical_id, const LedgerEntry& entry,
                                    const std::vector<std::string>& members) {
  engine::ObservedResource observed;
  observed.physical_id = logical_id;
  observed.tags = entry.tags;
  const std::string group = Text(entry.details, "group");
  json present = json::array();
  for (const auto& user : UsersOf(entry.details, "users")) {
    if (std::find(members.begin(), members.end(), user) != members.end()) present.push_back(user);
  }
  observed.properties = {{"GroupName", group}, {"Users", std::move(present)}};
  observed.internal = entry.details;
  return observed;
}

json LedgerDetails(const std::string& group, const json& users) {
  return {{"group", group}, {"users", users}};
}

aws::CallRequest MemberCall(const char* operation, const std::string& group,
                            const std::string& user) {
  return IamCall(operation, {{"GroupName", group}, {"UserName", user}});
}

}  // namespace

awaitable<Result<std::vector<engine::ObservedResource>>> UserToGroupAdditionReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto details = co_await snapshot_->Read(std::string(Type()));
  if (!details) co_return details.error();
  std::vector<engine::ObservedResource> memberships;
  const auto members_by_group = MembersByGroup(**details);
  for (const auto& [logical_id, entry] : ledger_->All(kLedgerKind)) {
    const auto owner = entry.tags.find(std::string(engine::kOwnerTag));
    if (owner == entry.tags.end() || owner->second != scope.owner) continue;
    const auto members = members_by_group.find(Text(entry.details, "group"));
    memberships.push_back(Membership(
        logical_id, entry,
        members == members_by_group.end() ? std::vector<std::string>() : members->second));
  }
  co_return memberships;
}

engine::Diff UserToGroupAdditionReconciler::Compare(
    const engine::DesiredResource& desired, const engine::ObservedResource& observed) const {
  return CompareIam(desired, observed);
}

// The ledger entry comes first: a membership names nobody else's object, and the entry is
// what lets Delete undo a create that stopped half-way.
awaitable<Result<engine::ObservedResource>> UserToGroupAdditionReconciler::Create(
    engine::DesiredResource desired) {
  snapshot_->Invalidate();
  const std::string group = Text(desired.properties, "GroupName");
  const json users = UsersOf(desired.properties, "Users");
  LedgerEntry entry{desired.ownership_tags, LedgerDetails(group, users)};
  auto recorded = ledger_->Put(kLedgerKind, desired.logical_id, entry);
  if (!recorded) co_return recorded.error();
  auto added = co_await ChangeMembers("AddUserToGroup", group, Strings(users));
  if (!added) co_return added.error();
  co_return Membership(desired.logical_id, entry, Strings(users));
}

// A user dropped from the list leaves the group; a new group takes every listed user from
// the old one. The ledger lists the union until the removals are done, so a failure half-way
// still knows whom to remove.
awaitable<Result<void>> UserToGroupAdditionReconciler::Update(engine::DesiredResource desired,
                                                              engine::ObservedResource observed,
                                                              engine::Diff diff) {
  (void)diff;
  snapshot_->Invalidate();
  const std::string group = Text(desired.properties, "GroupName");
  const std::string old_group = Text(observed.internal, "group");
  const json users = UsersOf(desired.properties, "Users");
  const json listed = UsersOf(observed.internal, "users");
  const bool moved = group != old_group;
  json both = listed;
  for (const auto& user : Missing(users, listed)) both.push_back(user);
  LedgerEntry entry{observed.tags, LedgerDetails(old_group, both)};
  auto widened = ledger_->Put(kLedgerKind, observed.physical_id, entry);
  if (!widened) co_return widened;

  const json present = moved ? json::array() : UsersOf(observed.properties, "Users");
  auto added = co_await ChangeMembers("AddUserToGroup", group, Missing(users, present));
  if (!added) co_return added;
  const std::vector<std::string> leaving = moved ? Strings(listed) : Missing(listed, users);
  auto removed = co_await ChangeMembers("RemoveUserFromGroup", old_group, leaving);
  if (!removed) co_return removed;

  entry.details = LedgerDetails(group, users);
  co_return ledger_->Put(kLedgerKind, observed.physical_id, entry);
}

// Only the listed users leave; members added otherwise stay. A group or user already gone
// counts as done.
awaitable<Result<void>> UserToGroupAdditionReconciler::Delete(engine::ObservedResource observed) {
  snapshot_->Invalidate();
  auto removed = co_await ChangeMembers("RemoveUserFromGroup", Text(observed.internal, "group"),
                                        Strings(UsersOf(observed.internal, "users")));
  if (!removed) co_return removed;
  co_return ledger_->Remove(kLedgerKind, observed.physical_id);
}

awaitable<Result<void>> UserToGroupAdditionReconciler::RetagOwnership(
    engine::ObservedResource observed, std::map<std::string, std::string> add,
    std::vector<std::string> remove) {
  co_return ledger_->Retag(kLedgerKind, observed.physical_id, observed.internal, add, remove);
}

awaitable<Result<void>> UserToGroupAdditionReconciler::ChangeMembers(
    const char* operation, std::string group, std::vector<std::string> users) {
  // Removing what is already gone is done; adding to a group or user that is gone is not.
  const bool removing = std::string_view(operation) == "RemoveUserFromGroup";
  for (const auto& user : users) {
    auto changed = removing
                       ? co_await CallIgnoringNotFound(client_, MemberCall(operation, group, user))
                       : co_await CallForEffect(client_, MemberCall(operation, group, user));
    if (!changed) co_return changed;
  }
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::iam
