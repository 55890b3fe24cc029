#include "daemon/watch/directory_watcher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "tests/support/test_directory.h"

namespace awsr::watch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class DirectoryWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "v1");
    fs::create_directories(dir_ / "v2");
  }

  // Runs until `wanted` reports arrived (or 5 s passed) and returns what was reported.
  std::vector<std::set<std::string>> Watch(const fs::path& directory, WatchTimings timings,
                                           std::size_t wanted,
                                           const std::function<void()>& after_start = {}) {
    boost::asio::io_context io;
    std::vector<std::set<std::string>> reports;
    DirectoryWatcher watcher(io.get_executor(), directory.string(), timings,
                             [&](std::set<std::string> changed) {
                               reports.push_back(std::move(changed));
                               if (reports.size() == wanted) io.stop();
                             });
    EXPECT_TRUE(watcher.Start());
    if (after_start) after_start();
    io.run_for(5s);
    return reports;
  }

  testing::TestDirectory scratch_{"awsr-watch"};
  const fs::path dir_ = scratch_.path();
};

TEST_F(DirectoryWatcherTest, AChmodIsReportedAsAChangeOfThatFile) {
  std::ofstream(dir_ / "v1" / "a.json") << "{}";
  const auto reports =
      Watch(dir_ / "v1", WatchTimings{}, 1, [&] { ::chmod((dir_ / "v1" / "a.json").c_str(), 0); });
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0], (std::set<std::string>{"a.json"}));
}

// A file renamed into place is whole: it is not held back for the quiet period that lets a
// writer finish, so a file published atomically is acted on at once.
TEST_F(DirectoryWatcherTest, AFileRenamedIntoPlaceIsReportedWithoutWaitingOutTheQuietPeriod) {
  WatchTimings patient;
  patient.quiet_period = patient.max_delay = 60s;  // longer than Watch runs
  std::ofstream(dir_ / "v1" / ".a.json.tmp") << "{}";
  const auto renamed = Watch(dir_ / "v1", patient, 1, [&] {
    fs::rename(dir_ / "v1" / ".a.json.tmp", dir_ / "v1" / "a.json");
  });
  ASSERT_EQ(renamed.size(), 1u);
  EXPECT_EQ(renamed[0], (std::set<std::string>{"a.json"}));
  // A file written in place may be written again: it waits out the quiet period.
  const auto written =
      Watch(dir_ / "v1", patient, 1, [&] { std::ofstream(dir_ / "v1" / "b.json") << "{}"; });
  EXPECT_TRUE(written.empty());
}

// Whatever inotify missed (a network filesystem, a bug) is caught by reading everything again.
TEST_F(DirectoryWatcherTest, EverythingIsReadAgainNowAndThenWithoutAnyEvent) {
  WatchTimings timings;
  timings.identity_check = 20ms;
  timings.full_rescan = 100ms;
  const auto started = std::chrono::steady_clock::now();
  const auto reports = Watch(dir_ / "v1", timings, 2);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].empty() && reports[1].empty()) << "a rescan of everything";
  EXPECT_GE(std::chrono::steady_clock::now() - started, 2 * timings.full_rescan);
}

// `ln -sfn v2 current` gives no inotify event on either directory.
TEST_F(DirectoryWatcherTest, ASwappedSymlinkIsFollowedAndTheNewDirectoryWatched) {
  fs::create_directory_symlink(dir_ / "v1", dir_ / "current");
  WatchTimings timings;
  timings.identity_check = 20ms;
  boost::asio::io_context io;
  std::vector<std::set<std::string>> reports;
  DirectoryWatcher watcher(io.get_executor(), (dir_ / "current").string(), timings,
                           [&](std::set<std::string> changed) {
                             reports.push_back(std::move(changed));
                             if (reports.size() == 1) {
                               std::ofstream(dir_ / "v2" / "new.json") << "{}";
                             } else {
                               io.stop();
                             }
                           });
  ASSERT_TRUE(watcher.Start());
  fs::create_directory_symlink(dir_ / "v2", dir_ / "current.new");
  fs::rename(dir_ / "current.new", dir_ / "current");
  io.run_for(5s);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].empty()) << "the new directory is read whole";
  EXPECT_EQ(reports[1], (std::set<std::string>{"new.json"})) << "and watched from then on";
}

// A ConfigMap volume: `a.json -> ..data/a.json`, and an update renames a new `..data` link
// into place. No event names a.json, yet its content changed: everything is read again.
TEST_F(DirectoryWatcherTest, AHiddenLinkRenamedIntoPlaceRereadsEverything) {
  const fs::path volume = dir_ / "v1";
  fs::create_directories(volume / "..2026_01");
  fs::create_directories(volume / "..2026_02");
  std::ofstream(volume / "..2026_01" / "a.json") << "{}";
  std::ofstream(volume / "..2026_02" / "a.json") << "{\"Resources\":{}}";
  fs::create_directory_symlink("..2026_01", volume / "..data");
  fs::create_symlink("..data/a.json", volume / "a.json");
  const auto reports = Watch(volume, WatchTimings{}, 1, [&] {
    fs::create_directory_symlink("..2026_02", volume / "..data_tmp");
    fs::rename(volume / "..data_tmp", volume / "..data");
  });
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].empty()) << "a rescan of everything";
}

}  // namespace
}  // namespace awsr::watch
