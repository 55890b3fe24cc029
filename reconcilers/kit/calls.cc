#include "reconcilers/kit/calls.h"

namespace awsr::reconcilers::kit {

aws::CallRequest RegionCall(std::string service, std::string region, std::string operation,
                            nlohmann::json params) {
  aws::CallRequest call(std::move(service), std::move(operation), std::move(params));
  call.region = std::move(region);
  return call;
}

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

Result<void> BusyIsConflict(Result<void> result, std::string_view busy_code) {
  if (result || result.error().aws_code != busy_code) return result;
  Error busy = result.error();
  busy.kind = ErrorKind::kConflict;
  return busy;
}

}  // namespace awsr::reconcilers::kit
