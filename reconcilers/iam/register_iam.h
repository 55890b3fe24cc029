// The IAM reconcilers, added together because they share one bulk read of IAM
// (iam_snapshot.h) and one ownership ledger for what IAM cannot tag (ownership_ledger.h).
#pragma once

#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/registry.h"

namespace awsr::reconcilers::iam {

// state_dir holds the ownership ledger (iam-ownership.json).
void RegisterIam(engine::Registry& registry, aws::AwsClient& client, const std::string& state_dir);

}  // namespace awsr::reconcilers::iam
