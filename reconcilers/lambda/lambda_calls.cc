#include "reconcilers/lambda/lambda_calls.h"

#include "daemon/aws/json_result.h"
#include "daemon/aws/uri_encoding.h"
#include "daemon/base/json_fields.h"

namespace awsr::reconcilers::lambda {

using nlohmann::json;

aws::RestRequest LambdaCall(const std::string& region, std::string operation, std::string method,
                            std::string path, const json& body) {
  aws::RestRequest call("lambda", std::move(operation), std::move(method), std::move(path));
  call.region = region;
  if (!body.is_null()) call.body = body.dump();
  return call;
}

std::string FunctionPath(const std::string& name_or_arn, const std::string& tail) {
  return "/2015-03-31/functions/" + aws::UriEncode(name_or_arn) + tail;
}

std::string TagsPath(const std::string& function_arn) {
  return "/2017-03-31/tags/" + aws::UriEncode(function_arn);
}

engine::Task<json> CallLambda(aws::AwsClient& client, aws::RestRequest call) {
  auto answered = co_await client.CallRest(std::move(call));
  if (!answered) co_return aws::JsonError(answered.error());
  co_return aws::JsonValue(std::move(answered->data));
}

engine::Task<std::vector<json>> ListFunctions(aws::AwsClient& client, std::string region) {
  std::vector<json> functions;
  std::string marker;
  // Bounded like the client's own paging: 10,000 pages of 50 is far beyond any account.
  for (int page = 0; page < 10000; ++page) {
    aws::RestRequest call = LambdaCall(region, "ListFunctions", "GET", "/2015-03-31/functions/");
    call.query.push_back({"MaxItems", "50"});
    if (!marker.empty()) call.query.push_back({"Marker", marker});
    auto listed = co_await CallLambda(client, std::move(call));
    if (!listed) co_return listed.error();
    for (auto& function : listed->value("Functions", json::array()))
      functions.push_back(std::move(function));
    marker = StringField(*listed, "NextMarker");
    if (marker.empty()) co_return functions;
  }
  co_return MakeError(ErrorKind::kInternal, "ListFunctions did not end after 10000 pages");
}

engine::Task<engine::TagMap> FunctionTags(aws::AwsClient& client,
                                                            std::string region,
                                                            std::string function_arn) {
  aws::RestRequest call = LambdaCall(region, "ListTags", "GET", TagsPath(function_arn));
  auto listed = co_await CallLambda(client, std::move(call));
  if (!listed) co_return listed.error();
  engine::TagMap tags;
  const json found = listed->value("Tags", json::object());
  if (found.is_object()) {
    for (const auto& [key, value] : found.items())
      tags[key] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  co_return tags;
}

engine::Task<void> RetagFunction(aws::AwsClient& client, std::string region,
                                 std::string function_arn, engine::TagMap set,
                                 std::vector<std::string> remove) {
  if (!set.empty()) {
    const json body = {{"Tags", set}};
    aws::RestRequest call = LambdaCall(region, "TagResource", "POST", TagsPath(function_arn), body);
    auto tagged = co_await CallLambda(client, std::move(call));
    if (!tagged) co_return tagged.error();
  }
  if (!remove.empty()) {
    aws::RestRequest call = LambdaCall(region, "UntagResource", "DELETE", TagsPath(function_arn));
    for (const auto& key : remove) call.query.push_back({"tagKeys", key});
    auto untagged = co_await CallLambda(client, std::move(call));
    if (!untagged) co_return untagged.error();
  }
  co_return Result<void>{};
}

namespace {

class FunctionTagOwnership final : public engine::Ownership {
 public:
  explicit FunctionTagOwnership(aws::AwsClient& client) : client_(client) {}

  engine::Task<void> Retag(engine::ObservedResource observed,
                           engine::TagMap set,
                           std::vector<std::string> remove) override {
    co_return co_await RetagFunction(client_, observed.region,
                                     StringField(observed.internal, "FunctionArn"),
                                     std::move(set), std::move(remove));
  }

 private:
  aws::AwsClient& client_;
};

}  // namespace

std::shared_ptr<engine::Ownership> LambdaFunctionTags(aws::AwsClient& client) {
  return std::make_shared<FunctionTagOwnership>(client);
}

}  // namespace awsr::reconcilers::lambda
