// What one GetAccountAuthorizationDetails read says about the account: every user, group, role
// and customer managed policy, with attachments, inline policies, memberships and tags.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace awsr::reconcilers::iam {

struct AccountDetails {
  nlohmann::json users = nlohmann::json::array();     // UserDetailList items
  nlohmann::json groups = nlohmann::json::array();    // GroupDetailList items
  nlohmann::json roles = nlohmann::json::array();     // RoleDetailList items
  nlohmann::json policies = nlohmann::json::array();  // Policies (customer managed) items

  // The pages of GetAccountAuthorizationDetails, as the client returns them, merged.
  static AccountDetails FromPages(const std::vector<nlohmann::json>& pages);
  bool operator==(const AccountDetails&) const = default;
};

}  // namespace awsr::reconcilers::iam
