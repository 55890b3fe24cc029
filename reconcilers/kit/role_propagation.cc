#include "reconcilers/kit/role_propagation.h"

#include <array>
#include <string>

#include "daemon/base/ascii.h"

namespace awsr::reconcilers::kit {
namespace {

// The codes the services answer an unusable role with: each also means "a bad parameter",
// so the message decides.
constexpr std::array<std::string_view, 3> kRoleRefusalCodes = {
    "InvalidInputException",           // CodeBuild
    "InvalidParameterValueException",  // Lambda
    "InvalidParameterException",       // ECS
};

// Lower-case phrases of those messages that speak of assuming the role.
constexpr std::array<std::string_view, 4> kRoleRefusalPhrases = {
    "sts:assumerole",                           // CodeBuild
    "cannot be assumed",                        // Lambda
    "execution role does not have permissions",  // Lambda, a policy not visible yet
    "unable to assume",                         // ECS
};

}  // namespace

bool IsRolePropagationRefusal(const Error& error) {
  bool code_matches = false;
  for (const auto code : kRoleRefusalCodes) code_matches = code_matches || error.aws_code == code;
  if (!code_matches) return false;
  const std::string message = AsciiLower(error.message);
  for (const auto phrase : kRoleRefusalPhrases) {
    if (message.find(phrase) != std::string::npos) return true;
  }
  return false;
}

Error RolePropagating(Error error, std::string_view role) {
  const std::string said = error.message;
  error.kind = ErrorKind::kTransient;
  error.message = "the role " + std::string(role) +
                  " is not usable by the service yet: IAM is still propagating it (or it does "
                  "not exist); retrying. AWS said: " +
                  said;
  return error;
}

}  // namespace awsr::reconcilers::kit
