#include "daemon/engine/async_tools.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/base/log.h"

namespace awsr::engine {
namespace asio = boost::asio;

AsyncSemaphore::AsyncSemaphore(asio::any_io_executor executor, int permits)
    : executor_(std::move(executor)), available_(permits) {}

asio::awaitable<AsyncSemaphore::Permit> AsyncSemaphore::Acquire() {
  if (available_ > 0) {
    --available_;
    co_return Permit(this);
  }
  auto waiter =
      std::make_shared<asio::steady_timer>(executor_, asio::steady_timer::time_point::max());
  waiters_.push_back(waiter);
  // Woken by Release() cancelling the wait: the permit is then ours.
  co_await waiter->async_wait(asio::as_tuple(asio::use_awaitable));
  co_return Permit(this);
}

void AsyncSemaphore::Release() {
  while (!waiters_.empty()) {
    auto waiter = waiters_.front();
    waiters_.pop_front();
    // A waiter whose coroutine is gone holds no other reference: pass it over.
    if (waiter.use_count() == 1) continue;
    waiter->cancel();
    return;
  }
  ++available_;
}

TaskGroup::TaskGroup(asio::any_io_executor executor)
    : executor_(executor), all_done_(executor, asio::steady_timer::time_point::max()) {}

void TaskGroup::Spawn(asio::awaitable<void> task) {
  ++running_;
  asio::co_spawn(executor_, std::move(task), [this](std::exception_ptr failure) {
    if (failure) {
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        log::Error({}, "engine task failed: {}", e.what());
      } catch (...) {
        // Rethrown here it would escape the io_context and end the daemon.
        log::Error({}, "engine task failed: an exception that is not a std::exception");
      }
    }
    if (--running_ == 0) all_done_.cancel();
  });
}

asio::awaitable<void> TaskGroup::Wait() {
  while (running_ > 0) {
    all_done_.expires_at(asio::steady_timer::time_point::max());
    co_await all_done_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace awsr::engine
