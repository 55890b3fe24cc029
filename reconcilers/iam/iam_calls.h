// IAM is global: calls name no region and go to the client's default, which the endpoint
// resolver sends to IAM's one endpoint.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"

namespace awsr::reconcilers::iam {

using engine::Task;
using kit::CallForEffect;
using kit::CallIgnoringNotFound;

aws::CallRequest IamCall(std::string operation, nlohmann::json params = nlohmann::json::object());

}  // namespace awsr::reconcilers::iam
