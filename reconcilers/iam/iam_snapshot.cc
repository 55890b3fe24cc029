#include "reconcilers/iam/iam_snapshot.h"

#include <boost/asio/this_coro.hpp>

#include "reconcilers/iam/iam_calls.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// Everything the IAM types observe; AWS-managed policies are attached by ARN and never read.
aws::CallRequest AuthorizationDetailsCall() {
  return IamCall("GetAccountAuthorizationDetails",
                 {{"Filter", json::array({"User", "Group", "Role", "LocalManagedPolicy"})},
                  {"MaxItems", 1000}});
}

}  // namespace

bool IamSnapshot::Servable(const std::string& reader) const {
  return current_ && !served_.contains(reader) && clock_() - read_at_ < kMaxAge;
}

awaitable<Result<std::shared_ptr<const AccountDetails>>> IamSnapshot::Read(std::string reader) {
  if (!single_flight_) {
    single_flight_ =
        std::make_unique<engine::AsyncSemaphore>(co_await boost::asio::this_coro::executor, 1);
  }
  const engine::AsyncSemaphore::Permit flight = co_await single_flight_->Acquire();
  if (!Servable(reader)) {
    auto fetched = co_await Fetch();
    if (!fetched) co_return fetched.error();
  }
  served_.insert(reader);
  std::shared_ptr<const AccountDetails> details = current_;
  co_return details;
}

awaitable<Result<void>> IamSnapshot::Fetch() {
  const aws::PageTokens detect_tokens;
  auto pages = co_await client_.CallAllPages(AuthorizationDetailsCall(), detect_tokens, 10000);
  if (!pages) co_return pages.error();
  AccountDetails fresh = AccountDetails::FromPages(*pages);
  if (!last_ || !(*last_ == fresh))
    last_ = std::make_shared<const AccountDetails>(std::move(fresh));
  current_ = last_;
  read_at_ = clock_();
  served_.clear();
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::iam
