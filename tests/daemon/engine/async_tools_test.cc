#include "daemon/engine/async_tools.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <stdexcept>

#include "tests/support/run_awaitable.h"

namespace awsr::engine {
namespace {

namespace asio = boost::asio;

asio::awaitable<void> HoldThenThrow(AsyncSemaphore* limit) {
  const AsyncSemaphore::Permit permit = co_await limit->Acquire();
  throw std::runtime_error("a reconciler broke");
}

asio::awaitable<int> AcquireTwice(AsyncSemaphore* limit) {
  { const AsyncSemaphore::Permit first = co_await limit->Acquire(); }
  const AsyncSemaphore::Permit second = co_await limit->Acquire();
  co_return limit->available();
}

TEST(AsyncToolsTest, APermitComesBackWhenItsHolderThrows) {
  asio::io_context io;
  AsyncSemaphore limit(io.get_executor(), 1);
  EXPECT_THROW(testing::RunAwaitable(io, HoldThenThrow(&limit)), std::runtime_error);
  EXPECT_EQ(limit.available(), 1);
  EXPECT_EQ(testing::RunAwaitable(io, AcquireTwice(&limit)), 0);
  EXPECT_EQ(limit.available(), 1);
}

asio::awaitable<void> Wait(AsyncSemaphore* limit, int* finished) {
  const AsyncSemaphore::Permit permit = co_await limit->Acquire();
  ++*finished;
}

asio::awaitable<void> WaitAll(asio::any_io_executor executor, AsyncSemaphore* limit,
                              int* finished) {
  TaskGroup group(executor);
  for (int i = 0; i < 5; ++i) group.Spawn(Wait(limit, finished));
  co_await group.Wait();
}

TEST(AsyncToolsTest, WaitersGetPermitsInTurnAndAGroupWaitsForAll) {
  asio::io_context io;
  AsyncSemaphore limit(io.get_executor(), 1);
  int finished = 0;
  testing::RunAwaitable(io, WaitAll(io.get_executor(), &limit, &finished));
  EXPECT_EQ(finished, 5);
  EXPECT_EQ(limit.available(), 1);
}

asio::awaitable<void> ThrowAnything() {
  throw 42;  // not a std::exception
  co_return;
}

asio::awaitable<int> SpawnThrowers(asio::any_io_executor executor, AsyncSemaphore* limit) {
  TaskGroup group(executor);
  group.Spawn(ThrowAnything());
  group.Spawn(HoldThenThrow(limit));
  co_await group.Wait();
  co_return limit->available();
}

TEST(AsyncToolsTest, AGroupOutlivesTasksThatThrowAnything) {
  asio::io_context io;
  AsyncSemaphore limit(io.get_executor(), 1);
  EXPECT_EQ(testing::RunAwaitable(io, SpawnThrowers(io.get_executor(), &limit)), 1);
}

}  // namespace
}  // namespace awsr::engine
