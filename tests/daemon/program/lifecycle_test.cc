#include "daemon/program/lifecycle.h"

#include <gtest/gtest.h>

#include <vector>

namespace awsr {
namespace {

class RecordingNotifier : public systemd::Notifier {
 public:
  void Notify(std::string_view state) override { sent.emplace_back(state); }
  std::vector<std::string> sent;
};

TEST(LifecycleTest, ReadyOnceAfterFirstLoad) {
  RecordingNotifier notifier;
  Lifecycle lifecycle(notifier);
  EXPECT_EQ(lifecycle.phase(), Phase::kStarting);
  lifecycle.SetStatus("loading");  // not ready yet: nothing to say
  lifecycle.LoadFinished("3 files, 10 resources");
  lifecycle.LoadFinished("again");
  ASSERT_EQ(notifier.sent.size(), 1u);
  EXPECT_EQ(notifier.sent[0], "READY=1\nSTATUS=3 files, 10 resources");
  EXPECT_EQ(lifecycle.phase(), Phase::kReady);
}

TEST(LifecycleTest, ReloadIsBracketedByReloadingAndReady) {
  RecordingNotifier notifier;
  Lifecycle lifecycle(notifier);
  lifecycle.LoadFinished("s");
  lifecycle.ReloadStarted(std::chrono::microseconds(42));
  EXPECT_EQ(lifecycle.phase(), Phase::kReloading);
  lifecycle.ReloadFinished("t");
  ASSERT_EQ(notifier.sent.size(), 3u);
  EXPECT_EQ(notifier.sent[1], "RELOADING=1\nMONOTONIC_USEC=42\nSTATUS=reloading");
  EXPECT_EQ(notifier.sent[2], "READY=1\nSTATUS=t");
}

TEST(LifecycleTest, StatusOnlyWhenItChanges) {
  RecordingNotifier notifier;
  Lifecycle lifecycle(notifier);
  lifecycle.LoadFinished("a");
  lifecycle.SetStatus("a");
  lifecycle.SetStatus("b");
  lifecycle.SetStatus("b");
  ASSERT_EQ(notifier.sent.size(), 2u);
  EXPECT_EQ(notifier.sent[1], "STATUS=b");
}

TEST(LifecycleTest, WatchdogFedOnlyByProgressAndNotWhileStopping) {
  RecordingNotifier notifier;
  Lifecycle lifecycle(notifier);
  lifecycle.WatchdogTick(false);
  lifecycle.WatchdogTick(true);
  lifecycle.StopStarted();
  lifecycle.StopStarted();
  lifecycle.WatchdogTick(true);
  ASSERT_EQ(notifier.sent.size(), 2u);
  EXPECT_EQ(notifier.sent[0], "WATCHDOG=1");
  EXPECT_EQ(notifier.sent[1], "STOPPING=1\nSTATUS=stopping");
}

}  // namespace
}  // namespace awsr
