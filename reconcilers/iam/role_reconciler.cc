#include "reconcilers/iam/role_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/iam_compare.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_tags.h"
#include "reconcilers/iam/policy_document.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// Role settings UpdateRole changes, with the file's values copied when it sets them.
json RoleSettings(const json& properties) {
  json settings = json::object();
  for (const char* member : {"Description", "MaxSessionDuration"}) {
    if (properties.contains(member) && !properties[member].is_null()) {
      settings[member] = properties[member];
    }
  }
  return settings;
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest CreateRoleCall(const engine::DesiredResource& desired) {
  json params = RoleSettings(desired.properties);
  params["RoleName"] = desired.name;
  params["AssumeRolePolicyDocument"] =
      WireDocument(desired.properties.value("AssumeRolePolicyDocument", json::object()));
  params["Tags"] = CreationTagList(desired);
  if (const std::string path = Text(desired.properties, "Path"); !path.empty()) {
    params["Path"] = path;
  }
  return IamCall("CreateRole", std::move(params));
}

aws::CallRequest ListRolesCall() { return IamCall("ListRoles", {{"MaxItems", 1000}}); }

bool SettingsInUse(const engine::ObserveScope& scope) {
  return scope.properties_in_use.contains("Description") ||
         scope.properties_in_use.contains("MaxSessionDuration");
}

aws::CallRequest GetRoleCall(const std::string& name) {
  return IamCall("GetRole", {{"RoleName", name}});
}

aws::CallRequest UpdateRoleCall(const std::string& role, const json& properties) {
  json params = RoleSettings(properties);
  params["RoleName"] = role;
  return IamCall("UpdateRole", std::move(params));
}

aws::CallRequest UpdateTrustCall(const std::string& role, const json& document) {
  return IamCall("UpdateAssumeRolePolicy",
                 {{"RoleName", role}, {"PolicyDocument", WireDocument(document)}});
}

aws::CallRequest DeleteRoleCall(const std::string& role) {
  return IamCall("DeleteRole", {{"RoleName", role}});
}

TagTarget RoleTarget(const std::string& role) { return TagTarget{"Role", "RoleName", role}; }

engine::ObservedResource AfterCreate(const engine::DesiredResource& desired, const json& role) {
  engine::ObservedResource observed = ObservedAfterCreate(desired, "RoleName", role);
  observed.attributes["RoleId"] = Text(role, "RoleId");
  return observed;
}

}  // namespace

awaitable<Result<std::vector<engine::ObservedResource>>> RoleReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto details = co_await snapshot_->Read(std::string(Type()));
  if (!details) co_return details.error();
  std::vector<engine::ObservedResource> roles;
  for (const auto& role : (*details)->roles) roles.push_back(ObservedRole(role));
  roles = OursOrWanted(std::move(roles), scope);
  if (roles.empty() || !SettingsInUse(scope)) co_return roles;
  // GetAccountAuthorizationDetails leaves out Description and MaxSessionDuration; ListRoles
  // has them, in bulk. Read only when a file sets one of them.
  const aws::PageTokens detect_tokens;
  auto pages = co_await client_.CallAllPages(ListRolesCall(), detect_tokens, 10000);
  if (!pages) co_return pages.error();
  std::map<std::string, json> listed;
  for (const auto& page : *pages) {
    for (const auto& role : aws::AsList(page.value("Roles", json()))) {
      listed[Text(role, "RoleName")] = role;
    }
  }
  for (auto& role : roles) {
    if (const auto found = listed.find(role.physical_id); found != listed.end()) {
      AddRoleSettings(role, found->second);
    }
  }
  co_return roles;
}

engine::Diff RoleReconciler::Compare(const engine::DesiredResource& desired,
                                     const engine::ObservedResource& observed) const {
  return CompareIam(desired, observed);
}

// CreateRole carries the trust policy, settings and tags; policies follow. If they fail, the
// role exists with our tags and the next pass completes it.
awaitable<Result<engine::ObservedResource>> RoleReconciler::Create(engine::DesiredResource desired) {
  snapshot_->Invalidate();
  auto created = co_await client_.Call(CreateRoleCall(desired));
  if (!created) {
    if (created.error().aws_code != "EntityAlreadyExists") co_return created.error();
    auto existing = co_await ExistingIfOurs(client_, GetRoleCall(desired.name), "Role", desired,
                                            created.error());
    if (!existing) co_return existing.error();
    co_return AfterCreate(desired, *existing);
  }
  const Principal principal{"Role", desired.name};
  auto policies = co_await SyncPolicies(client_, principal, desired.properties, json::object());
  if (!policies) co_return policies.error();
  co_return AfterCreate(desired, created->data.value("Role", json::object()));
}

// RoleName and Path need a replacement, which the engine decides.
awaitable<Result<void>> RoleReconciler::Update(engine::DesiredResource desired,
                                               engine::ObservedResource observed,
                                               engine::Diff diff) {
  snapshot_->Invalidate();
  const std::string& role = observed.physical_id;
  if (diff.Touches("/AssumeRolePolicyDocument")) {
    auto trusted = co_await CallForEffect(
        client_, UpdateTrustCall(role, desired.properties["AssumeRolePolicyDocument"]));
    if (!trusted) co_return trusted;
  }
  if (diff.Touches("/Description") || diff.Touches("/MaxSessionDuration")) {
    auto updated = co_await CallForEffect(client_, UpdateRoleCall(role, desired.properties));
    if (!updated) co_return updated;
  }
  if (diff.Touches("/ManagedPolicyArns") || diff.Touches("/Policies")) {
    const Principal principal{"Role", role};
    auto synced =
        co_await SyncPolicies(client_, principal, desired.properties, observed.properties);
    if (!synced) co_return synced;
  }
  if (!diff.Touches("/Tags")) co_return Result<void>{};
  co_return co_await SyncUserTags(client_, RoleTarget(role),
                                  desired.properties.value("Tags", json::array()), observed.tags);
}

// A role still in an instance profile fails with DeleteConflict (kConflict): ours are deleted
// first (they reference the role), and the engine retries until someone else's let go.
awaitable<Result<void>> RoleReconciler::Delete(engine::ObservedResource observed) {
  snapshot_->Invalidate();
  const Principal principal{"Role", observed.physical_id};
  auto removed = co_await RemovePolicies(client_, principal, observed.properties);
  if (!removed) co_return removed;
  co_return co_await CallIgnoringNotFound(client_, DeleteRoleCall(observed.physical_id));
}

awaitable<Result<void>> RoleReconciler::RetagOwnership(engine::ObservedResource observed,
                                                       std::map<std::string, std::string> add,
                                                       std::vector<std::string> remove) {
  snapshot_->Invalidate();
  co_return co_await Retag(client_, RoleTarget(observed.physical_id), std::move(add),
                           std::move(remove));
}

}  // namespace awsr::reconcilers::iam
