// Watches the desired-state directory with inotify (no polling) and reports which files changed,
// debounced so that an editor's burst of writes or a cp-then-mv drop is one notification.
#pragma once

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

class DirectoryWatcher {
 public:
  // Called with the names (not paths) of desired files that were created, written, renamed or
  // deleted; an empty set means "the kernel dropped events: rescan everything".
  using OnChange = std::function<void(std::set<std::string> changed)>;

  DirectoryWatcher(boost::asio::any_io_executor executor, std::string directory,
                   std::chrono::milliseconds quiet_period, OnChange on_change);
  ~DirectoryWatcher();

  Result<void> Start();
  void Stop();

 private:
  void ReadEvents();
  void Collect(const char* buffer, std::size_t size);
  void ArmFlush();

  std::string directory_;
  std::chrono::milliseconds quiet_period_;
  OnChange on_change_;
  boost::asio::posix::stream_descriptor inotify_;
  boost::asio::steady_timer flush_timer_;
  std::set<std::string> pending_;
  bool rescan_ = false;
  bool flush_armed_ = false;
  std::chrono::steady_clock::time_point first_pending_{};
  alignas(8) char buffer_[16 * 1024];
};

}  // namespace awsr::watch
