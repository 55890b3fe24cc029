// Two small coroutine tools for the single-threaded loop: a counting semaphore (bounded
// concurrency) and a task group (start many, wait for all).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <utility>

namespace awsr::engine {

class AsyncSemaphore {
 public:
  // One permit, given back when it goes out of scope, whatever way that happens (an error
  // returned, an exception thrown): a permit can never leak.
  class Permit {
   public:
    Permit(Permit&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Permit& operator=(Permit&&) = delete;
    ~Permit() {
      if (owner_ != nullptr) owner_->Release();
    }

   private:
    friend class AsyncSemaphore;
    explicit Permit(AsyncSemaphore* owner) : owner_(owner) {}
    AsyncSemaphore* owner_;
  };

  AsyncSemaphore(boost::asio::any_io_executor executor, int permits);
  boost::asio::awaitable<Permit> Acquire();
  int available() const { return available_; }

 private:
  // Hands the permit to the longest waiter still waiting, if any.
  void Release();

  boost::asio::any_io_executor executor_;
  int available_;
  std::deque<std::shared_ptr<boost::asio::steady_timer>> waiters_;
};

class TaskGroup {
 public:
  explicit TaskGroup(boost::asio::any_io_executor executor);
  // Starts `task` now; an exception it throws is logged, never lost.
  void Spawn(boost::asio::awaitable<void> task);
  // Returns once every spawned task has finished. The group must outlive its tasks.
  boost::asio::awaitable<void> Wait();

 private:
  boost::asio::any_io_executor executor_;
  int running_ = 0;
  boost::asio::steady_timer all_done_;
};

}  // namespace awsr::engine
