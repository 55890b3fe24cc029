// IAM keeps many lists of names — a user's groups, a profile's roles, a policy's principals, a
// principal's policy ARNs — and changes each one name at a time: one call adds, another
// removes. Comparing the lists is pure; SyncNames sends the calls.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::iam {

// The list under `member` ("Groups", "Roles"); empty when absent or not a list.
nlohmann::json NameList(const nlohmann::json& object, const char* member);

// The names in `from` that are not in `without`: a set difference of string lists.
std::vector<std::string> Missing(const nlohmann::json& from, const nlohmann::json& without);

using NameCall = std::function<aws::CallRequest(const std::string& name)>;

// Brings a list on AWS's side from `observed` to `desired`: `remove` for each name the list no
// longer has ("not found" is done), then `add` for each name missing from AWS. Removing first
// keeps within IAM's limits (one role per instance profile, ten managed policies per principal).
engine::Task<void> SyncNames(aws::AwsClient& client, nlohmann::json desired,
                             nlohmann::json observed, NameCall add, NameCall remove);

}  // namespace awsr::reconcilers::iam
