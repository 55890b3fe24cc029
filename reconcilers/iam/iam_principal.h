// Users, groups and roles hold managed policy attachments and inline policies the same way;
// their operations differ only by the kind in the name (AttachUserPolicy, PutRolePolicy,
// DeleteGroupPolicy) and the member naming the principal (UserName, RoleName, GroupName).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/base/error.h"

namespace awsr::reconcilers::iam {

struct Principal {
  std::string kind;  // "User", "Group", "Role"
  std::string name;
};

// For Create and Update: for each of ManagedPolicyArns and Policies that `desired` sets,
// attaches or puts what is missing or different (documents by meaning) and detaches or
// deletes what the file no longer lists. Properties the file leaves out are not touched.
boost::asio::awaitable<Result<void>> SyncPolicies(aws::AwsClient& client, Principal principal,
                                                  nlohmann::json desired, nlohmann::json observed);

// Before a principal is deleted (IAM refuses while any remain): detaches every managed
// policy and deletes every inline policy `observed` lists.
boost::asio::awaitable<Result<void>> RemovePolicies(aws::AwsClient& client, Principal principal,
                                                    nlohmann::json observed);

}  // namespace awsr::reconcilers::iam
