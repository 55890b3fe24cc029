#include "reconcilers/iam/account_details.h"

#include "daemon/aws/xml_to_json.h"

namespace awsr::reconcilers::iam {

AccountDetails AccountDetails::FromPages(const std::vector<nlohmann::json>& pages) {
  AccountDetails details;
  const auto append = [](nlohmann::json& to, const nlohmann::json& page, const char* member) {
    for (const auto& item : aws::AsList(page.value(member, nlohmann::json()))) to.push_back(item);
  };
  for (const auto& page : pages) {
    append(details.users, page, "UserDetailList");
    append(details.groups, page, "GroupDetailList");
    append(details.roles, page, "RoleDetailList");
    append(details.policies, page, "Policies");
  }
  return details;
}

}  // namespace awsr::reconcilers::iam
