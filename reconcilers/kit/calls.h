// Calls every service's reconcilers make the same way.
#pragma once

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::kit {

// A call whose answer is not needed.
engine::Task<void> CallForEffect(aws::AwsClient& client, aws::CallRequest call);

// A call whose "not found" means the work is already done (delete, detach, remove).
engine::Task<void> CallIgnoringNotFound(aws::AwsClient& client, aws::CallRequest call);

}  // namespace awsr::reconcilers::kit
