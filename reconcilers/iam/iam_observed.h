// The bulk reads of IAM (GetAccountAuthorizationDetails, ListInstanceProfiles) in
// CloudFormation's shape, one function per type. Pure.
//
// Policy documents arrive URL-encoded; they are decoded here into their canonical form
// (policy_document.h). Tags in `properties` exclude the daemon's awsreconciled:* tags.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/engine/reconciler.h"
#include "reconcilers/iam/account_read.h"

namespace awsr::reconcilers::iam {

// A UserDetailList item. Ref is the user name.
engine::ObservedResource ObservedUser(const nlohmann::json& user);
// A GroupDetailList item. IAM groups carry no tags: ownership comes from the ledger
// (ownership_ledger.h), which the reconciler consults.
engine::ObservedResource ObservedGroup(const nlohmann::json& group);
// A RoleDetailList item. It has no Description or MaxSessionDuration: see AddRoleSettings.
engine::ObservedResource ObservedRole(const nlohmann::json& role);
// Description and MaxSessionDuration from a ListRoles item (which has them).
void AddRoleSettings(engine::ObservedResource& role, const nlohmann::json& listed);

// Who has each customer managed policy attached: the names of the users, groups and roles, by
// policy ARN, read off the principals once per bulk read instead of once per policy.
struct PolicyAttachments {
  std::map<std::string, nlohmann::json, std::less<>> users, groups, roles;  // ARN -> [names]
  static PolicyAttachments Of(const AccountRead& read);
};

// A Policies item; Users, Groups and Roles are those `attachments` name.
// Ref is the ARN. internal: "versions", oldest first, as [{id, document (canonical text)}],
// and "default_version".
engine::ObservedResource ObservedManagedPolicy(const nlohmann::json& policy,
                                               const PolicyAttachments& attachments);
// A ListInstanceProfiles item. Ref is the name.
engine::ObservedResource ObservedInstanceProfile(const nlohmann::json& profile);

// What a resource just created looks like until the next bulk read: the file's properties,
// the creation tags, and the ARN and id from the create call's answer (`entity`).
engine::ObservedResource ObservedAfterCreate(const engine::DesiredResource& desired,
                                             const std::string& name_property,
                                             const nlohmann::json& entity);

// The names of each group's users, from the users' GroupList; built once per snapshot read,
// since asking group by group costs groups × users.
std::map<std::string, std::vector<std::string>> MembersByGroup(const AccountRead& read);

}  // namespace awsr::reconcilers::iam
