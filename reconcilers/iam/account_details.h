// What one GetAccountAuthorizationDetails read says about the account: every user, group, role
// and customer managed policy, with attachments, inline policies, memberships and tags.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace awsr::reconcilers::iam {

struct AccountDetails {
  nlohmann::json users = nlohmann::json::array();     // UserDetailList items
  nlohmann::json groups = nlohmann::json::array();    // GroupDetailList items
  nlohmann::json roles = nlohmann::json::array();     // RoleDetailList items
  nlohmann::json policies = nlohmann::json::array();  // Policies (customer managed) items

  // The answer's lists by name, for aws::ItemDigests; List(i) is where the items of the i-th go.
  static const std::vector<std::string>& ListNames();
  nlohmann::json& List(std::size_t index);
  const nlohmann::json& List(std::size_t index) const;
};

}  // namespace awsr::reconcilers::iam
