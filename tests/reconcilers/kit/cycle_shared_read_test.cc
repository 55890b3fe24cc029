#include "reconcilers/kit/cycle_shared_read.h"

#include <gtest/gtest.h>

#include "tests/support/run_awaitable.h"

namespace awsr::reconcilers::kit {
namespace {

using Clock = std::chrono::steady_clock;

// What the shared read reads from: counts its reads, answers the count.
struct CountingSource {
  int reads = 0;
  bool failing = false;
};

engine::Task<int> CountRead(CountingSource& source, std::string region) {
  (void)region;
  ++source.reads;
  if (source.failing) co_return MakeError(ErrorKind::kTransient, "overloaded");
  co_return source.reads;
}

class CycleSharedReadTest : public ::testing::Test {
 protected:
  int Read(const char* reader, const char* region = "us-east-1") {
    auto read = awsr::testing::RunAwaitable(io_, shared_.Read(reader, region));
    if (!read) return -1;
    return **read;
  }

  boost::asio::io_context io_;
  CountingSource source_;
  Clock::time_point now_ = Clock::now();
  CycleSharedRead<int, CountingSource> shared_{source_, &CountRead, [this] { return now_; }};
};

TEST_F(CycleSharedReadTest, EachReaderIsServedAReadOnceAndAskingAgainStartsTheNextCycle) {
  EXPECT_EQ(Read("balancers"), 1);
  EXPECT_EQ(Read("listeners"), 1) << "the same cycle shares the read";
  EXPECT_EQ(Read("rules"), 1);
  EXPECT_EQ(Read("balancers"), 2) << "a reader asking again is the next cycle";
  EXPECT_EQ(Read("listeners"), 2);
  EXPECT_EQ(source_.reads, 2);
}

TEST_F(CycleSharedReadTest, AReadEveryReaderHasHadIsNotKeptUntilTheNextCycle) {
  const auto answer = [&](const char* reader) {
    return *awsr::testing::RunAwaitable(io_, shared_.Read(reader, "us-east-1"));
  };
  std::weak_ptr<const int> first = answer("tables");
  answer("routes");
  EXPECT_FALSE(first.expired()) << "the first cycle does not know its readers yet";
  std::weak_ptr<const int> second = answer("tables");
  EXPECT_EQ(*second.lock(), 2) << "the next cycle";
  EXPECT_TRUE(first.expired());
  EXPECT_FALSE(second.expired()) << "routes has not had it";
  EXPECT_EQ(*answer("routes"), 2);
  EXPECT_TRUE(second.expired()) << "every reader had it: let go";
  EXPECT_EQ(*answer("tables"), 3);
  EXPECT_EQ(*answer("routes"), 3);
  EXPECT_EQ(source_.reads, 3);
}

TEST_F(CycleSharedReadTest, RegionsAreReadApart) {
  EXPECT_EQ(Read("balancers", "us-east-1"), 1);
  EXPECT_EQ(Read("balancers", "eu-west-1"), 2);
  EXPECT_EQ(Read("listeners", "us-east-1"), 1);
}

TEST_F(CycleSharedReadTest, AWriteOrAnOldReadIsReadAgain) {
  EXPECT_EQ(Read("balancers"), 1);
  shared_.Invalidate();
  EXPECT_EQ(Read("listeners"), 2) << "a write drops the read";
  now_ += CycleSharedRead<int, CountingSource>::kMaxAge;
  EXPECT_EQ(Read("rules"), 3) << "too old to share";
}

// Keys come and go (a balancer's listeners are read per balancer): one whose read could no
// longer be shared is not kept.
TEST_F(CycleSharedReadTest, AKeyNoLongerReadIsForgotten) {
  EXPECT_EQ(Read("listeners", "balancer-1"), 1);
  EXPECT_EQ(Read("listeners", "balancer-2"), 2);
  EXPECT_EQ(shared_.KeysHeld(), 2u);
  now_ += CycleSharedRead<int, CountingSource>::kMaxAge;
  EXPECT_EQ(Read("listeners", "balancer-2"), 3);
  EXPECT_EQ(shared_.KeysHeld(), 1u) << "balancer-1 is gone";
  shared_.Invalidate();
  EXPECT_EQ(Read("rules", "balancer-3"), 4);
  EXPECT_EQ(shared_.KeysHeld(), 1u) << "a dropped read is not kept either";
}

TEST_F(CycleSharedReadTest, AFailedReadIsSharedByTheCycleAndTriedAgainByTheNext) {
  source_.failing = true;
  EXPECT_EQ(Read("routes"), -1);
  EXPECT_EQ(Read("tables"), -1) << "the cycle's other readers are told, not made to wait again";
  EXPECT_EQ(source_.reads, 1);
  source_.failing = false;
  EXPECT_EQ(Read("routes"), 2) << "the next cycle asks again";
  EXPECT_EQ(Read("tables"), 2);
}

}  // namespace
}  // namespace awsr::reconcilers::kit
