#include "reconcilers/iam/iam_calls.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace awsr::reconcilers::iam {

using boost::asio::awaitable;

aws::CallRequest IamCall(std::string operation, nlohmann::json params) {
  return aws::CallRequest("iam", std::move(operation), std::move(params));
}

awaitable<Result<void>> CallIgnoringNotFound(aws::AwsClient& client, aws::CallRequest call) {
  auto done = co_await client.Call(std::move(call));
  if (!done && done.error().kind != ErrorKind::kNotFound) co_return done.error();
  co_return Result<void>{};
}

awaitable<Result<void>> CallForEffect(aws::AwsClient& client, aws::CallRequest call) {
  auto done = co_await client.Call(std::move(call));
  if (!done) co_return done.error();
  co_return Result<void>{};
}

std::string Text(const nlohmann::json& object, const char* member) {
  const auto found = object.find(member);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace awsr::reconcilers::iam
