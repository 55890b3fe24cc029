// Calls every service's reconcilers make the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::kit {

// A call of `service` in `region` (empty: the client's default).
aws::CallRequest RegionCall(std::string service, std::string region, std::string operation,
                            nlohmann::json params = nlohmann::json::object());

// A call whose answer is not needed.
engine::Task<void> CallForEffect(aws::AwsClient& client, aws::CallRequest call);

// A call whose "not found" means the work is already done (delete, detach, remove).
engine::Task<void> CallIgnoringNotFound(aws::AwsClient& client, aws::CallRequest call);

// `result`, with an error of code `busy_code` marked a conflict: "still in use, wait", which some
// services answer with a 400 (InvalidDBSubnetGroupStateFault) that would otherwise count as
// an invalid request and never be retried.
Result<void> BusyIsConflict(Result<void> result, std::string_view busy_code);

}  // namespace awsr::reconcilers::kit
