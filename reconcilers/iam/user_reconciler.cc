#include "reconcilers/iam/user_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/iam_compare.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_tags.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest CreateUserCall(const engine::DesiredResource& desired) {
  json params = {{"UserName", desired.name}, {"Tags", CreationTagList(desired)}};
  if (const std::string path = Text(desired.properties, "Path"); !path.empty()) {
    params["Path"] = path;
  }
  return IamCall("CreateUser", std::move(params));
}

aws::CallRequest GetUserCall(const std::string& name) {
  return IamCall("GetUser", {{"UserName", name}});
}

aws::CallRequest MembershipCall(const char* operation, const std::string& user,
                                const std::string& group) {
  return IamCall(operation, {{"UserName", user}, {"GroupName", group}});
}

aws::CallRequest MoveUserCall(const std::string& user, const std::string& path) {
  return IamCall("UpdateUser", {{"UserName", user}, {"NewPath", path}});
}

aws::CallRequest DeleteUserCall(const std::string& user) {
  return IamCall("DeleteUser", {{"UserName", user}});
}

TagTarget UserTarget(const std::string& user) { return TagTarget{"User", "UserName", user}; }

json GroupsOf(const json& properties) {
  const auto found = properties.find("Groups");
  return found != properties.end() && found->is_array() ? *found : json::array();
}

}  // namespace

awaitable<Result<std::vector<engine::ObservedResource>>> UserReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto details = co_await snapshot_->Read(std::string(Type()));
  if (!details) co_return details.error();
  std::vector<engine::ObservedResource> users;
  for (const auto& user : (*details)->users) users.push_back(ObservedUser(user));
  co_return OursOrWanted(std::move(users), scope);
}

engine::Diff UserReconciler::Compare(const engine::DesiredResource& desired,
                                     const engine::ObservedResource& observed) const {
  return CompareIam(desired, observed);
}

// CreateUser carries the tags; policies and groups follow. If one of them fails, the user
// exists with our tags and the next pass completes it.
awaitable<Result<engine::ObservedResource>> UserReconciler::Create(engine::DesiredResource desired) {
  snapshot_->Invalidate();
  auto created = co_await client_.Call(CreateUserCall(desired));
  if (!created) {
    if (created.error().aws_code != "EntityAlreadyExists") co_return created.error();
    co_return co_await FindOwn(std::move(desired), created.error());
  }
  const Principal principal{"User", desired.name};
  auto policies = co_await SyncPolicies(client_, principal, desired.properties, json::object());
  if (!policies) co_return policies.error();
  auto groups = co_await SyncGroups(desired.name, GroupsOf(desired.properties), json::array());
  if (!groups) co_return groups.error();
  co_return ObservedAfterCreate(desired, "UserName", created->data.value("User", json::object()));
}

// UserName needs a replacement, which the engine decides; everything else changes in place.
awaitable<Result<void>> UserReconciler::Update(engine::DesiredResource desired,
                                               engine::ObservedResource observed,
                                               engine::Diff diff) {
  snapshot_->Invalidate();
  const std::string& user = observed.physical_id;
  if (diff.Touches("/Path")) {
    auto moved = co_await CallForEffect(client_,
                                        MoveUserCall(user, Text(desired.properties, "Path")));
    if (!moved) co_return moved;
  }
  if (diff.Touches("/ManagedPolicyArns") || diff.Touches("/Policies")) {
    const Principal principal{"User", user};
    auto synced =
        co_await SyncPolicies(client_, principal, desired.properties, observed.properties);
    if (!synced) co_return synced;
  }
  if (diff.Touches("/Groups")) {
    auto synced = co_await SyncGroups(user, GroupsOf(desired.properties),
                                      GroupsOf(observed.properties));
    if (!synced) co_return synced;
  }
  if (!diff.Touches("/Tags")) co_return Result<void>{};
  co_return co_await SyncUserTags(client_, UserTarget(user),
                                  desired.properties.value("Tags", json::array()), observed.tags);
}

// IAM deletes a user only once it is in no group and holds no policy. The user is going away,
// so every membership goes, not only the file's: the groups themselves stay.
awaitable<Result<void>> UserReconciler::Delete(engine::ObservedResource observed) {
  snapshot_->Invalidate();
  const std::string& user = observed.physical_id;
  auto left = co_await SyncGroups(user, json::array(), GroupsOf(observed.properties));
  if (!left) co_return left;
  const Principal principal{"User", user};
  auto removed = co_await RemovePolicies(client_, principal, observed.properties);
  if (!removed) co_return removed;
  co_return co_await CallIgnoringNotFound(client_, DeleteUserCall(user));
}

awaitable<Result<void>> UserReconciler::RetagOwnership(engine::ObservedResource observed,
                                                       std::map<std::string, std::string> add,
                                                       std::vector<std::string> remove) {
  snapshot_->Invalidate();
  co_return co_await Retag(client_, UserTarget(observed.physical_id), std::move(add),
                           std::move(remove));
}

awaitable<Result<void>> UserReconciler::SyncGroups(std::string user, json desired, json observed) {
  for (const auto& group : Missing(desired, observed)) {
    auto added = co_await CallForEffect(client_, MembershipCall("AddUserToGroup", user, group));
    if (!added) co_return added;
  }
  for (const auto& group : Missing(observed, desired)) {
    auto removed =
        co_await CallIgnoringNotFound(client_, MembershipCall("RemoveUserFromGroup", user, group));
    if (!removed) co_return removed;
  }
  co_return Result<void>{};
}

awaitable<Result<engine::ObservedResource>> UserReconciler::FindOwn(
    engine::DesiredResource desired, Error duplicate) {
  auto existing = co_await ExistingIfOurs(client_, GetUserCall(desired.name), "User", desired,
                                          std::move(duplicate));
  if (!existing) co_return existing.error();
  co_return ObservedAfterCreate(desired, "UserName", *existing);
}

}  // namespace awsr::reconcilers::iam
