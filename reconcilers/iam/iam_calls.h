// Calls every IAM reconciler makes the same way. IAM is global: calls name no region and go to
// the client's default, which the endpoint resolver sends to IAM's one endpoint.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/error.h"

namespace awsr::reconcilers::iam {

aws::CallRequest IamCall(std::string operation, nlohmann::json params = nlohmann::json::object());

// A call whose "not found" means the work is already done (detach, remove, delete).
boost::asio::awaitable<Result<void>> CallIgnoringNotFound(aws::AwsClient& client,
                                                          aws::CallRequest call);

// A call whose answer is not needed.
boost::asio::awaitable<Result<void>> CallForEffect(aws::AwsClient& client, aws::CallRequest call);

// A string member of a response or of resolved properties; "" when absent or not a string.
std::string Text(const nlohmann::json& object, const char* member);

}  // namespace awsr::reconcilers::iam
