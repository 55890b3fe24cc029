#include "reconcilers/iam/account_details.h"

namespace awsr::reconcilers::iam {

const std::vector<std::string>& AccountListNames() {
  static const std::vector<std::string> names = {"UserDetailList", "GroupDetailList",
                                                 "RoleDetailList", "Policies"};
  return names;
}

}  // namespace awsr::reconcilers::iam
