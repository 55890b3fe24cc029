// Runs one coroutine to completion on a test's io_context, bounded by a deadline so a hung
// network operation fails the test instead of hanging it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <stdexcept>

namespace awsr::testing {

template <typename T>
T RunAwaitable(boost::asio::io_context& io, boost::asio::awaitable<T> task,
               std::chrono::seconds deadline = std::chrono::seconds(60)) {
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.restart();
  io.run_for(deadline);
  if (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    throw std::runtime_error("coroutine did not finish before its deadline");
  }
  return future.get();
}

}  // namespace awsr::testing
