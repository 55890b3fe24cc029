// What a service's reconcilers are given when the composition root registers them.
#pragma once

#include <string>

#include "daemon/aws/aws_client.h"

namespace awsr::reconcilers::kit {

struct Context {
  aws::AwsClient& client;  // outlives the registry
  std::string state_dir;   // private files: created key pairs' private keys, the IAM ledger
  // The desired-state directory: files a desired resource names by a relative path (a Lambda
  // function's fileb:// zip) are read from here.
  std::string desired_dir = {};
};

}  // namespace awsr::reconcilers::kit
