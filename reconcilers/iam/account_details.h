// What one GetAccountAuthorizationDetails read says about the account: every user, group, role
// and customer managed policy, with attachments, inline policies, memberships and tags, in four
// lists (AccountRead hands their items out).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace awsr::reconcilers::iam {

// The answer's lists, in the order of AccountListNames (an item's `list` in AccountRead).
enum class AccountList : std::size_t { kUsers, kGroups, kRoles, kPolicies };

// The lists' names in the answer, for aws::ItemDigests: UserDetailList, GroupDetailList,
// RoleDetailList, Policies (customer managed).
const std::vector<std::string>& AccountListNames();

}  // namespace awsr::reconcilers::iam
