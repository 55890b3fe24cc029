// AWS::IAM::Role. Named (RoleName); found in the shared bulk read (iam_snapshot.h); owned by
// the tags CreateRole applies. GetAtt: Arn, RoleId. Description and MaxSessionDuration are
// not in the bulk read: when a file sets one, a paginated ListRoles adds them.
#include <set>

#include "daemon/aws/xml_to_json.h"
#include "daemon/engine/derived_observed.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_ownership.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_type.h"
#include "reconcilers/iam/iam_types.h"
#include "reconcilers/iam/policy_document.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

// Role settings UpdateRole changes, with the file's values copied when it sets them.
json RoleSettings(const json& properties) {
  json settings = json::object();
  for (const char* member : {"Description", "MaxSessionDuration"}) {
    if (properties.contains(member) && !properties[member].is_null())
      settings[member] = properties[member];
  }
  return settings;
}

class RoleReconciler final : public IamType {
 public:
  RoleReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot)
      : IamType({.type = "AWS::IAM::Role",
                 .service = "iam",
                 .name_property = "RoleName",
                 .max_name_length = 64},
                client, std::move(snapshot)) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto details = co_await snapshot_->Read(std::string(Type()));
    if (!details) co_return details.error();
    engine::ObservedList all = MadeOf(**details, [](const AccountRead& read) {
      std::vector<engine::ObservedResource> made;
      read.ForEach(AccountList::kRoles,
                   [&](const json& role) { made.push_back(ObservedRole(role)); });
      return engine::ObservedList(std::move(made));
    });
    engine::ObservedList roles = kit::OursOrWanted(std::move(all), scope);
    const bool settings_in_use = scope.properties_in_use.contains("Description") ||
                                 scope.properties_in_use.contains("MaxSessionDuration");
    if (roles.empty() || !settings_in_use) co_return roles;
    // GetAccountAuthorizationDetails leaves out Description and MaxSessionDuration; ListRoles
    // has them, in bulk.
    const aws::PageTokens detect_tokens;
    const aws::CallRequest list = IamCall("ListRoles", {{"MaxItems", 1000}});
    auto pages = co_await client_.CallAllPages(list, detect_tokens, 10000);
    if (!pages) co_return pages.error();
    std::map<std::string, json> listed;
    for (const auto& page : *pages) {
      for (const auto& role : aws::AsList(page.value("Roles", json())))
        listed[StringField(role, "RoleName")] = role;
    }
    // Added once per change of a role's settings: an unchanged role stays the object the bulk
    // read made, not a copy each cycle.
    for (std::size_t i = 0; i < roles.size(); ++i) {
      const auto found = listed.find(roles[i].physical_id);
      if (found == listed.end()) continue;
      json settings = json::object();
      for (const char* name : {"Description", "MaxSessionDuration"}) {
        if (found->second.contains(name)) settings[name] = found->second[name];
      }
      with_settings_.Apply(roles, i, settings, AddRoleSettings);
    }
    if (scope.focus.empty()) {
      std::set<std::string> seen;
      for (const engine::ObservedResource& role : roles) seen.insert(role.physical_id);
      with_settings_.ForgetIf([&](const std::string& id) { return !seen.contains(id); });
    }
    co_return roles;
  }

  // CreateRole carries the trust policy, settings and tags; policies follow. If they fail, the
  // role exists with our tags and the next pass completes it.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = RoleSettings(desired.properties);
    params["RoleName"] = desired.name;
    params["AssumeRolePolicyDocument"] =
        WireDocument(desired.properties.value("AssumeRolePolicyDocument", json::object()));
    params["Tags"] = kit::CreationTagList(desired);
    if (const std::string path = StringField(desired.properties, "Path"); !path.empty())
      params["Path"] = path;
    const aws::CallRequest get = IamCall("GetRole", {{"RoleName", desired.name}});
    auto role =
        co_await CreateOrFindOwn(desired, IamCall("CreateRole", std::move(params)), get, "Role");
    if (!role) co_return role.error();
    const Principal principal{"Role", desired.name};
    auto policies = co_await SyncPolicies(client_, principal, desired.properties, json::object());
    if (!policies) co_return policies.error();
    engine::ObservedResource observed = ObservedAfterCreate(desired, "RoleName", *role);
    observed.attributes["RoleId"] = StringField(*role, "RoleId");
    co_return observed;
  }

  // RoleName and Path need a replacement, which the engine decides.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    const std::string& role = observed.physical_id;
    if (diff.Touches("/AssumeRolePolicyDocument")) {
      const aws::CallRequest call = IamCall(
          "UpdateAssumeRolePolicy",
          {{"RoleName", role},
           {"PolicyDocument", WireDocument(desired.properties["AssumeRolePolicyDocument"])}});
      auto trusted = co_await CallForEffect(client_, call);
      if (!trusted) co_return trusted;
    }
    if (diff.Touches("/Description") || diff.Touches("/MaxSessionDuration")) {
      json params = RoleSettings(desired.properties);
      params["RoleName"] = role;
      auto updated = co_await CallForEffect(client_, IamCall("UpdateRole", std::move(params)));
      if (!updated) co_return updated;
    }
    if (!diff.Touches("/ManagedPolicyArns") && !diff.Touches("/Policies")) co_return Result<void>{};
    const Principal principal{"Role", role};
    co_return co_await SyncPolicies(client_, principal, desired.properties, observed.properties);
  }

  // A role still in an instance profile fails with DeleteConflict (kConflict): ours are deleted
  // first (they reference the role), and the engine retries until someone else's let go.
  Task<void> Delete(engine::ObservedResource observed) override {
    const Principal principal{"Role", observed.physical_id};
    auto removed = co_await RemovePolicies(client_, principal, observed.properties);
    if (!removed) co_return removed;
    const aws::CallRequest call = IamCall("DeleteRole", {{"RoleName", observed.physical_id}});
    co_return co_await CallIgnoringNotFound(client_, call);
  }

 private:
  engine::DerivedObserved<json> with_settings_;  // the roles with ListRoles' settings added
};

}  // namespace

void AddRole(engine::Registry& registry, const IamContext& context) {
  registry.Add(std::make_unique<RoleReconciler>(context.client, context.snapshot),
               IamTags(context.client, "Role", "RoleName"));
}

}  // namespace awsr::reconcilers::iam
