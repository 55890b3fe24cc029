// Watches the desired-state directory with inotify and reports which files changed, debounced
// so that an editor's burst of writes or a cp-then-mv drop is one notification. inotify alone
// misses two things, so a cheap timer covers them: the directory replaced under its path (moved
// away and another moved in, or a symlinked desired_dir swapped with `ln -sfn`, which gives no
// event at all) is noticed by its identity and watched again; and a full rescan now and then
// catches whatever the kernel did not report (overflows are reported; network filesystems are
// not).
#pragma once

#include <sys/types.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <set>
#include <string>

#include "daemon/base/error.h"

namespace awsr::watch {

// Desired-state files are *.json; dotfiles and editor/temporary files are ignored.
bool IsDesiredFileName(std::string_view name);

struct WatchTimings {
  // Changes are reported once quiet this long (and at most max_delay after the first): a writer
  // may close a file more than once while saving it.
  std::chrono::milliseconds quiet_period{50};
  std::chrono::milliseconds max_delay{150};
  // Files renamed into place are whole already (the way to publish a file atomically): when
  // nothing else is pending they are reported after this much, not after the quiet period.
  std::chrono::milliseconds quiet_after_rename{2};
  // How often the directory's path is checked for being another directory now.
  std::chrono::milliseconds identity_check{1000};
  // How often everything is read again, events or not.
  std::chrono::milliseconds full_rescan{std::chrono::minutes(5)};
};

class DirectoryWatcher {
 public:
  // Called with the names (not paths) of desired files that were created, written, renamed,
  // deleted or had their mode or owner changed; an empty set means "rescan everything".
  using OnChange = std::function<void(std::set<std::string> changed)>;

  DirectoryWatcher(boost::asio::any_io_executor executor, std::string directory,
                   WatchTimings timings, OnChange on_change);
  ~DirectoryWatcher();

  Result<void> Start();
  void Stop();

 private:
  // Watches what the path names now, if that is not what is watched; true when it changed.
  bool Rewatch();
  void ReadEvents();
  void Collect(const char* buffer, std::size_t size);
  void ArmFlush();
  bool IsLinkOrDirectory(const char* name) const;  // lstat of an entry of the directory
  void ArmIdentityCheck();

  std::string directory_;
  WatchTimings timings_;
  OnChange on_change_;
  boost::asio::posix::stream_descriptor inotify_;
  boost::asio::steady_timer flush_timer_;
  boost::asio::steady_timer identity_timer_;
  int watch_ = -1;  // the inotify watch descriptor; -1 while the path names no directory
  dev_t watched_device_ = 0;
  ino_t watched_inode_ = 0;
  std::chrono::steady_clock::time_point next_full_rescan_{};
  std::set<std::string> pending_;
  bool rescan_ = false;
  bool flush_armed_ = false;
  bool writes_pending_ = false;  // something other than a rename into place awaits the flush
  bool stopped_ = false;
  std::chrono::steady_clock::time_point first_pending_{};
  alignas(8) char buffer_[16 * 1024];
};

}  // namespace awsr::watch
