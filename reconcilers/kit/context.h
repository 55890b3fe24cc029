// What a service's reconcilers are given when the composition root registers them.
#pragma once

#include <string>

#include "daemon/aws/aws_client.h"

namespace awsr::reconcilers::kit {

struct Context {
  aws::AwsClient& client;  // outlives the registry
  std::string state_dir;   // private files: created key pairs' private keys, the IAM ledger
};

}  // namespace awsr::reconcilers::kit
