#include "daemon/aws/refreshing_credentials.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace awsr::aws {

RefreshingCredentialProvider::RefreshingCredentialProvider(boost::asio::any_io_executor executor,
                                                           std::string source, Fetch fetch,
                                                           WallClock clock,
                                                           std::chrono::seconds margin)
    : executor_(std::move(executor)),
      source_(std::move(source)),
      fetch_(std::move(fetch)),
      clock_(clock ? std::move(clock) : [] { return std::chrono::system_clock::now(); }),
      margin_(margin) {}

bool RefreshingCredentialProvider::Fresh() const {
  if (!cached_) return false;
  return !cached_->expiration || clock_() + margin_ < *cached_->expiration;
}

boost::asio::awaitable<Result<Credentials>> RefreshingCredentialProvider::Get() {
  if (Fresh()) co_return *cached_;
  if (in_flight_) {
    std::shared_ptr<boost::asio::steady_timer> done = in_flight_;
    co_await done->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  } else {
    in_flight_ = std::make_shared<boost::asio::steady_timer>(
        executor_, boost::asio::steady_timer::time_point::max());
    ++fetches_;
    Result<Credentials> fetched = MakeError(ErrorKind::kInternal, "no credentials fetched");
    try {
      fetched = co_await fetch_();
    } catch (const std::exception& e) {
      // A fetch that throws must still wake the waiters below, or every AWS call waits forever.
      fetched =
          MakeError(ErrorKind::kTransient, "credentials from " + source_ + " failed: " + e.what());
    }
    if (fetched) {
      fetched->source = source_;
      cached_ = std::move(*fetched);
      last_error_.reset();
      spdlog::info("aws credentials from {} refreshed", source_);
    } else {
      last_error_ = fetched.error();
      spdlog::warn("aws credentials from {} failed: {}", source_, fetched.error().Describe());
    }
    std::shared_ptr<boost::asio::steady_timer> done = std::move(in_flight_);
    done->cancel();  // wakes every waiter
  }
  // Still-valid credentials beat a failed early refresh.
  bool usable = cached_ && (!cached_->expiration || clock_() < *cached_->expiration);
  if (usable && (Fresh() || last_error_)) co_return *cached_;
  if (last_error_) co_return *last_error_;
  co_return MakeError(ErrorKind::kTransient, "credentials from " + source_ + " are expired");
}

}  // namespace awsr::aws
