#include "reconcilers/iam/group_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/iam_compare.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_principal.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr char kLedgerKind[] = "Group";

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest CreateGroupCall(const engine::DesiredResource& desired) {
  json params = {{"GroupName", desired.name}};
  if (const std::string path = Text(desired.properties, "Path"); !path.empty()) {
    params["Path"] = path;
  }
  return IamCall("CreateGroup", std::move(params));
}

aws::CallRequest GetGroupCall(const std::string& group) {
  return IamCall("GetGroup", {{"GroupName", group}, {"MaxItems", 1}});
}

aws::CallRequest MoveGroupCall(const std::string& group, const std::string& path) {
  return IamCall("UpdateGroup", {{"GroupName", group}, {"NewPath", path}});
}

aws::CallRequest RemoveMemberCall(const std::string& group, const std::string& user) {
  return IamCall("RemoveUserFromGroup", {{"GroupName", group}, {"UserName", user}});
}

aws::CallRequest DeleteGroupCall(const std::string& group) {
  return IamCall("DeleteGroup", {{"GroupName", group}});
}

engine::ObservedResource AfterCreate(const engine::DesiredResource& desired, const json& group) {
  engine::ObservedResource observed = ObservedAfterCreate(desired, "GroupName", group);
  observed.internal["id"] = Text(group, "GroupId");
  observed.internal["members"] = json::array();
  return observed;
}

}  // namespace

std::map<std::string, std::string> GroupReconciler::LedgerTags(
    const engine::ObservedResource& group) const {
  const auto entry = ledger_->Find(kLedgerKind, group.physical_id);
  if (!entry || entry->details.value("group_id", "") != group.internal.value("id", "")) return {};
  return entry->tags;
}

awaitable<Result<std::vector<engine::ObservedResource>>> GroupReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto details = co_await snapshot_->Read(std::string(Type()));
  if (!details) co_return details.error();
  std::vector<engine::ObservedResource> groups;
  const auto members = MembersByGroup(**details);
  for (const auto& detail : (*details)->groups) {
    engine::ObservedResource group = ObservedGroup(detail);
    group.tags = LedgerTags(group);
    const auto found = members.find(group.physical_id);
    group.internal["members"] = found == members.end() ? std::vector<std::string>() : found->second;
    groups.push_back(std::move(group));
  }
  co_return OursOrWanted(std::move(groups), scope);
}

engine::Diff GroupReconciler::Compare(const engine::DesiredResource& desired,
                                      const engine::ObservedResource& observed) const {
  return CompareIam(desired, observed);
}

// The ledger entry follows the create, with the id AWS gave the group. A retry after a lost
// answer finds the group through GetGroup, and it is ours only if the ledger already says so.
awaitable<Result<engine::ObservedResource>> GroupReconciler::Create(
    engine::DesiredResource desired) {
  snapshot_->Invalidate();
  auto created = co_await client_.Call(CreateGroupCall(desired));
  json group;
  if (created) {
    group = created->data.value("Group", json::object());
    LedgerEntry entry{desired.ownership_tags, {{"group_id", Text(group, "GroupId")}}};
    auto recorded = ledger_->Put(kLedgerKind, desired.name, entry);
    if (!recorded) co_return recorded.error();
  } else {
    if (created.error().aws_code != "EntityAlreadyExists") co_return created.error();
    auto existing = co_await client_.Call(GetGroupCall(desired.name));
    if (!existing) co_return existing.error();
    group = existing->data.value("Group", json::object());
    engine::ObservedResource found = AfterCreate(desired, group);
    if (LedgerTags(found) != desired.ownership_tags) co_return created.error();
  }
  const Principal principal{"Group", desired.name};
  auto policies = co_await SyncPolicies(client_, principal, desired.properties, json::object());
  if (!policies) co_return policies.error();
  co_return AfterCreate(desired, group);
}

// GroupName needs a replacement, which the engine decides.
awaitable<Result<void>> GroupReconciler::Update(engine::DesiredResource desired,
                                                engine::ObservedResource observed,
                                                engine::Diff diff) {
  snapshot_->Invalidate();
  if (diff.Touches("/Path")) {
    auto moved = co_await CallForEffect(
        client_, MoveGroupCall(observed.physical_id, Text(desired.properties, "Path")));
    if (!moved) co_return moved;
  }
  const Principal principal{"Group", observed.physical_id};
  co_return co_await SyncPolicies(client_, principal, desired.properties, observed.properties);
}

// IAM deletes a group only once it is empty and holds no policy. The group is going away, so
// every member leaves it (the users stay); the ledger entry goes last.
awaitable<Result<void>> GroupReconciler::Delete(engine::ObservedResource observed) {
  snapshot_->Invalidate();
  const std::string& group = observed.physical_id;
  for (const auto& user : observed.internal.value("members", json::array())) {
    auto removed = co_await CallIgnoringNotFound(client_, RemoveMemberCall(group, user));
    if (!removed) co_return removed;
  }
  const Principal principal{"Group", group};
  auto stripped = co_await RemovePolicies(client_, principal, observed.properties);
  if (!stripped) co_return stripped;
  auto deleted = co_await CallIgnoringNotFound(client_, DeleteGroupCall(group));
  if (!deleted) co_return deleted;
  co_return ledger_->Remove(kLedgerKind, group);
}

// Adopting records the group (with its id) in the ledger; releasing drops it.
awaitable<Result<void>> GroupReconciler::RetagOwnership(engine::ObservedResource observed,
                                                        std::map<std::string, std::string> add,
                                                        std::vector<std::string> remove) {
  json details = {{"group_id", observed.internal.value("id", "")}};
  co_return ledger_->Retag(kLedgerKind, observed.physical_id, std::move(details), add, remove);
}

}  // namespace awsr::reconcilers::iam
