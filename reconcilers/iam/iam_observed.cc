#include "reconcilers/iam/iam_observed.h"

#include <algorithm>
#include <set>
#include <string>

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/policy_document.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

json ManagedPolicyArns(const json& detail) {
  json arns = json::array();
  for (const auto& attached : aws::AsList(detail.value("AttachedManagedPolicies", json()))) {
    arns.push_back(StringField(attached, "PolicyArn"));
  }
  return arns;
}

// UserPolicyList, GroupPolicyList, RolePolicyList: [{PolicyName, PolicyDocument}].
json InlinePolicies(const json& list) {
  json policies = json::array();
  for (const auto& policy : aws::AsList(list)) {
    policies.push_back({{"PolicyName", StringField(policy, "PolicyName")},
                        {"PolicyDocument", Canonical(policy.value("PolicyDocument", json()))}});
  }
  return policies;
}

// An IAM ARN's resource part, "user/division/Bob": the name is the last segment, the path
// what lies between ("/division/"). Lists may leave a name or a path out; the ARN has both.
std::pair<std::string, std::string> NameAndPathFromArn(const std::string& arn) {
  const auto colon = arn.rfind(':');
  const std::string resource = colon == std::string::npos ? arn : arn.substr(colon + 1);
  const auto first = resource.find('/');
  const auto last = resource.rfind('/');
  if (first == std::string::npos) return {"", ""};
  return {resource.substr(last + 1), resource.substr(first, last - first + 1)};
}

// The name and path `detail` gives, or else what its ARN says. A property left unknown stays
// out of `properties`, so it is never taken for a change (engine/diff.h).
std::string SetNameAndPath(json& properties, const json& detail, const std::string& name_member,
                           const std::string& name_property) {
  const auto [arn_name, arn_path] = NameAndPathFromArn(StringField(detail, "Arn"));
  const std::string name =
      detail.contains(name_member) ? StringField(detail, name_member.c_str()) : arn_name;
  const std::string path = detail.contains("Path") ? StringField(detail, "Path") : arn_path;
  if (!name.empty()) properties[name_property] = name;
  if (!path.empty()) properties["Path"] = path;
  return name;
}

engine::TagMap Tags(const json& detail) {
  return engine::TagsFromList(aws::AsList(detail.value("Tags", json())));
}

// The parts every principal (user, group, role) shares, added to `properties` (the kind's own);
// `tagged`: the kind has Tags (a group has none).
engine::ObservedResource ObservedPrincipal(const json& detail, const char* kind,
                                           const char* policy_list, json properties, bool tagged) {
  engine::ObservedResource observed;
  const std::string kind_name(kind);
  observed.tags = Tags(detail);
  properties["ManagedPolicyArns"] = ManagedPolicyArns(detail);
  properties["Policies"] = InlinePolicies(detail.value(policy_list, json()));
  if (tagged) properties["Tags"] = kit::UserTags(observed.tags);
  observed.physical_id = SetNameAndPath(properties, detail, kind_name + "Name", kind_name + "Name");
  observed.properties = properties;
  observed.identity_key = observed.physical_id;
  observed.attributes = {{"Arn", StringField(detail, "Arn")}};
  return observed;
}

// "v12" -> 12: version ids only grow, so they order versions by age.
int VersionNumber(const std::string& id) { return id.size() > 1 ? std::atoi(id.c_str() + 1) : 0; }

// Each principal of `list` under every policy ARN it has attached.
void AddAttached(std::map<std::string, json, std::less<>>& by_arn, const AccountRead& read,
                 AccountList list, const char* name_member) {
  read.ForEach(list, [&](const json& principal) {
    for (const auto& arn : ManagedPolicyArns(principal)) {
      auto& names = by_arn[arn.get<std::string>()];
      if (names.is_null()) names = json::array();
      names.push_back(StringField(principal, name_member));
    }
  });
}

// The names `by_arn` holds for `arn`: none when nobody has it attached.
json AttachedTo(const std::map<std::string, json, std::less<>>& by_arn, const std::string& arn) {
  const auto found = by_arn.find(arn);
  return found == by_arn.end() ? json::array() : found->second;
}

}  // namespace

engine::ObservedResource ObservedUser(const json& user) {
  json groups = json::array();
  for (const auto& group : aws::AsList(user.value("GroupList", json()))) groups.push_back(group);
  return ObservedPrincipal(user, "User", "UserPolicyList", {{"Groups", std::move(groups)}}, true);
}

engine::ObservedResource ObservedGroup(const json& group) {
  engine::ObservedResource observed =
      ObservedPrincipal(group, "Group", "GroupPolicyList", json::object(), false);
  // Its tags are kept under its ID (GroupLedger); a user's or a role's ID is not needed again,
  // and an object of one member in each of thousands of them was ~190 bytes apiece (RSS, #16).
  observed.internal["id"] = StringField(group, "GroupId");
  return observed;
}

engine::ObservedResource ObservedRole(const json& role) {
  engine::ObservedResource observed = ObservedPrincipal(
      role, "Role", "RolePolicyList",
      {{"AssumeRolePolicyDocument", Canonical(role.value("AssumeRolePolicyDocument", json()))}},
      true);
  observed.attributes["RoleId"] = StringField(role, "RoleId");
  return observed;
}

void AddRoleSettings(engine::ObservedResource& role, const json& listed) {
  json properties = role.properties;
  properties["Description"] = StringField(listed, "Description");
  properties["MaxSessionDuration"] = listed.value("MaxSessionDuration", json("3600"));
  role.properties = properties;
}

PolicyAttachments PolicyAttachments::Of(const AccountRead& read) {
  PolicyAttachments attachments;
  AddAttached(attachments.users, read, AccountList::kUsers, "UserName");
  AddAttached(attachments.groups, read, AccountList::kGroups, "GroupName");
  AddAttached(attachments.roles, read, AccountList::kRoles, "RoleName");
  return attachments;
}

engine::ObservedResource ObservedManagedPolicy(const json& policy,
                                               const PolicyAttachments& attachments) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(policy, "Arn");
  observed.tags = Tags(policy);
  json document;
  std::vector<std::pair<int, json>> versions;
  std::string default_version;
  for (const auto& version : aws::AsList(policy.value("PolicyVersionList", json()))) {
    const std::string id = StringField(version, "VersionId");
    json canonical = Canonical(version.value("Document", json()));
    versions.emplace_back(VersionNumber(id), json{{"id", id}, {"document", canonical.dump()}});
    if (IsTrue(version.value("IsDefaultVersion", json()))) {
      default_version = id;
      document = std::move(canonical);
    }
  }
  std::sort(versions.begin(), versions.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  json version_list = json::array();
  for (auto& [number, version] : versions) version_list.push_back(std::move(version));
  json properties = {{"PolicyDocument", std::move(document)},
                     {"Users", AttachedTo(attachments.users, observed.physical_id)},
                     {"Groups", AttachedTo(attachments.groups, observed.physical_id)},
                     {"Roles", AttachedTo(attachments.roles, observed.physical_id)}};
  observed.identity_key = SetNameAndPath(properties, policy, "PolicyName", "ManagedPolicyName");
  // Not every list carries the description (ListPolicies never does): unknown when absent.
  if (policy.contains("Description"))
    properties["Description"] = StringField(policy, "Description");
  observed.properties = properties;
  observed.attributes = {{"Arn", observed.physical_id},
                         {"PolicyArn", observed.physical_id},
                         {"DefaultVersionId", default_version}};
  observed.internal = {{"versions", std::move(version_list)},
                       {"default_version", default_version},
                       {"id", StringField(policy, "PolicyId")}};
  return observed;
}

engine::ObservedResource ObservedInstanceProfile(const json& profile) {
  engine::ObservedResource observed;
  observed.tags = Tags(profile);
  json roles = json::array();
  for (const auto& role : aws::AsList(profile.value("Roles", json()))) {
    roles.push_back(StringField(role, "RoleName"));
  }
  json properties = {{"Roles", std::move(roles)}};
  observed.physical_id =
      SetNameAndPath(properties, profile, "InstanceProfileName", "InstanceProfileName");
  observed.properties = properties;
  observed.identity_key = observed.physical_id;
  observed.attributes = {{"Arn", StringField(profile, "Arn")}};
  return observed;
}

engine::ObservedResource ObservedAfterCreate(const engine::DesiredResource& desired,
                                             const std::string& name_property, const json& entity) {
  engine::ObservedResource observed;
  observed.physical_id = desired.name;
  observed.identity_key = desired.name;
  observed.tags = kit::CreationTags(desired);
  json properties = desired.properties;
  properties[name_property] = desired.name;
  if (desired.properties.contains("Tags")) properties["Tags"] = kit::UserTags(observed.tags);
  observed.properties = properties;
  observed.attributes["Arn"] = StringField(entity, "Arn");
  return observed;
}

std::map<std::string, std::vector<std::string>> MembersByGroup(const AccountRead& read) {
  std::map<std::string, std::vector<std::string>> members;
  read.ForEach(AccountList::kUsers, [&](const json& user) {
    for (const auto& group : aws::AsList(user.value("GroupList", json()))) {
      if (group.is_string())
        members[group.get<std::string>()].push_back(StringField(user, "UserName"));
    }
  });
  return members;
}

}  // namespace awsr::reconcilers::iam
