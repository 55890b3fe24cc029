#include "reconcilers/kit/calls.h"

namespace awsr::reconcilers::kit {

engine::Task<void> CallForEffect(aws::AwsClient& client, aws::CallRequest call) {
  auto done = co_await client.Call(std::move(call));
  if (!done) co_return done.error();
  co_return Result<void>{};
}

engine::Task<void> CallIgnoringNotFound(aws::AwsClient& client, aws::CallRequest call) {
  auto done = co_await client.Call(std::move(call));
  if (!done && done.error().kind != ErrorKind::kNotFound) co_return done.error();
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::kit
