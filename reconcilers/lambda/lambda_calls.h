// Lambda's REST calls as the Lambda reconcilers make them, its function list, and where a
// function keeps its tags (TagResource and UntagResource by the function's ARN).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::lambda {

// A Lambda call: `path` already encoded, `body` sent as JSON unless null.
aws::RestRequest LambdaCall(const std::string& region, std::string operation, std::string method,
                            std::string path, const nlohmann::json& body = nullptr);

// "/2015-03-31/functions/<name>" with the name (or ARN) encoded, plus `tail`.
std::string FunctionPath(const std::string& name_or_arn, const std::string& tail = "");
// "/2017-03-31/tags/<arn>".
std::string TagsPath(const std::string& function_arn);

// A call's answer as JSON, or its error.
engine::Task<nlohmann::json> CallLambda(aws::AwsClient& client, aws::RestRequest call);

// Every function's configuration in `region`: ListFunctions, 50 a page.
engine::Task<std::vector<nlohmann::json>> ListFunctions(aws::AwsClient& client, std::string region);

// The function's tags (ListTags), as a map.
engine::Task<engine::TagMap> FunctionTags(aws::AwsClient& client,
                                                            std::string region,
                                                            std::string function_arn);

// Tag and untag calls on the function whose ARN is `internal["FunctionArn"]` of the observed
// resource: a function's own tags, and the claim tags its URL and permissions live in.
engine::Task<void> RetagFunction(aws::AwsClient& client, std::string region,
                                 std::string function_arn, engine::TagMap set,
                                 std::vector<std::string> remove);

// The ownership of functions: their own tags.
std::shared_ptr<engine::Ownership> LambdaFunctionTags(aws::AwsClient& client);

}  // namespace awsr::reconcilers::lambda
