// IAM's propagation delay as other services show it. A role created moments ago exists in IAM,
// but CodeBuild, ECS or Lambda cannot assume it for some seconds yet, and each refuses it in its
// own words with a 400 that would otherwise read as an invalid request and never be retried.
// The types that pass a role to a service (CodeBuild projects, ECS services, Lambda functions)
// wrap their create and update answers here, so the engine retries them with backoff.
#pragma once

#include <string_view>

#include "daemon/base/error.h"

namespace awsr::reconcilers::kit {

// True when `error` is a service's refusal of a role it cannot assume (yet): CodeBuild's
// "not authorized to perform: sts:AssumeRole", Lambda's "cannot be assumed by Lambda" and its
// "execution role does not have permissions" (a policy attached moments ago), ECS's "Unable to
// assume role". A role that does not exist at all is refused the same way: the retries go on,
// with this message, until the role exists or the file changes.
bool IsRolePropagationRefusal(const Error& error);

// `error` retold as transient, with a message naming `role` and saying it is propagating.
Error RolePropagating(Error error, std::string_view role);

// `result`, with a role propagation refusal retold as transient; anything else unchanged.
template <typename T>
Result<T> RetryWhileRolePropagates(Result<T> result, std::string_view role) {
  if (result || !IsRolePropagationRefusal(result.error())) return result;
  return RolePropagating(result.error(), role);
}

}  // namespace awsr::reconcilers::kit
