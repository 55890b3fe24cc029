#include "reconcilers/iam/instance_profile_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/iam_compare.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_tags.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

json RolesOf(const json& properties) {
  const auto found = properties.find("Roles");
  return found != properties.end() && found->is_array() ? *found : json::array();
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest ListProfilesCall() {
  return IamCall("ListInstanceProfiles", {{"MaxItems", 1000}});
}

aws::CallRequest CreateProfileCall(const engine::DesiredResource& desired) {
  json params = {{"InstanceProfileName", desired.name}, {"Tags", CreationTagList(desired)}};
  if (const std::string path = Text(desired.properties, "Path"); !path.empty()) {
    params["Path"] = path;
  }
  return IamCall("CreateInstanceProfile", std::move(params));
}

aws::CallRequest GetProfileCall(const std::string& profile) {
  return IamCall("GetInstanceProfile", {{"InstanceProfileName", profile}});
}

aws::CallRequest RoleCall(const char* operation, const std::string& profile,
                          const std::string& role) {
  return IamCall(operation, {{"InstanceProfileName", profile}, {"RoleName", role}});
}

aws::CallRequest DeleteProfileCall(const std::string& profile) {
  return IamCall("DeleteInstanceProfile", {{"InstanceProfileName", profile}});
}

TagTarget ProfileTarget(const std::string& profile) {
  return TagTarget{"InstanceProfile", "InstanceProfileName", profile};
}

}  // namespace

awaitable<Result<std::vector<engine::ObservedResource>>> InstanceProfileReconciler::ObserveAll(
    engine::ObserveScope scope) {
  const aws::PageTokens detect_tokens;
  auto pages = co_await client_.CallAllPages(ListProfilesCall(), detect_tokens, 10000);
  if (!pages) co_return pages.error();
  std::vector<engine::ObservedResource> profiles;
  for (const auto& page : *pages) {
    for (const auto& profile : aws::AsList(page.value("InstanceProfiles", json()))) {
      profiles.push_back(ObservedInstanceProfile(profile));
    }
  }
  co_return OursOrWanted(std::move(profiles), scope);
}

engine::Diff InstanceProfileReconciler::Compare(const engine::DesiredResource& desired,
                                                const engine::ObservedResource& observed) const {
  return CompareIam(desired, observed);
}

awaitable<Result<engine::ObservedResource>> InstanceProfileReconciler::Create(
    engine::DesiredResource desired) {
  auto created = co_await client_.Call(CreateProfileCall(desired));
  if (!created) {
    if (created.error().aws_code != "EntityAlreadyExists") co_return created.error();
    auto existing = co_await ExistingIfOurs(client_, GetProfileCall(desired.name),
                                            "InstanceProfile", desired, created.error());
    if (!existing) co_return existing.error();
    co_return ObservedAfterCreate(desired, "InstanceProfileName", *existing);
  }
  auto roles = co_await SyncRoles(desired.name, RolesOf(desired.properties), json::array());
  if (!roles) co_return roles.error();
  co_return ObservedAfterCreate(desired, "InstanceProfileName",
                                created->data.value("InstanceProfile", json::object()));
}

// InstanceProfileName and Path need a replacement, which the engine decides.
awaitable<Result<void>> InstanceProfileReconciler::Update(engine::DesiredResource desired,
                                                          engine::ObservedResource observed,
                                                          engine::Diff diff) {
  if (!diff.Touches("/Roles")) co_return Result<void>{};
  co_return co_await SyncRoles(observed.physical_id, RolesOf(desired.properties),
                               RolesOf(observed.properties));
}

awaitable<Result<void>> InstanceProfileReconciler::Delete(engine::ObservedResource observed) {
  auto emptied = co_await SyncRoles(observed.physical_id, json::array(),
                                    RolesOf(observed.properties));
  if (!emptied) co_return emptied;
  co_return co_await CallIgnoringNotFound(client_, DeleteProfileCall(observed.physical_id));
}

awaitable<Result<void>> InstanceProfileReconciler::RetagOwnership(
    engine::ObservedResource observed, std::map<std::string, std::string> add,
    std::vector<std::string> remove) {
  co_return co_await Retag(client_, ProfileTarget(observed.physical_id), std::move(add),
                           std::move(remove));
}

awaitable<Result<void>> InstanceProfileReconciler::SyncRoles(std::string profile, json desired,
                                                             json observed) {
  for (const auto& role : Missing(observed, desired)) {
    auto removed = co_await CallIgnoringNotFound(
        client_, RoleCall("RemoveRoleFromInstanceProfile", profile, role));
    if (!removed) co_return removed;
  }
  for (const auto& role : Missing(desired, observed)) {
    auto added =
        co_await CallForEffect(client_, RoleCall("AddRoleToInstanceProfile", profile, role));
    if (!added) co_return added;
  }
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::iam
