#include "reconcilers/iam/account_details.h"

#include <array>

namespace awsr::reconcilers::iam {
namespace {

constexpr std::array kLists = {&AccountDetails::users, &AccountDetails::groups,
                               &AccountDetails::roles, &AccountDetails::policies};

}  // namespace

const std::vector<std::string>& AccountDetails::ListNames() {
  static const std::vector<std::string> names = {"UserDetailList", "GroupDetailList",
                                                 "RoleDetailList", "Policies"};
  return names;
}

nlohmann::json& AccountDetails::List(std::size_t index) { return this->*kLists.at(index); }

const nlohmann::json& AccountDetails::List(std::size_t index) const {
  return this->*kLists.at(index);
}

}  // namespace awsr::reconcilers::iam
