#include "daemon/watch/directory_watcher.h"

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/base/log.h"

namespace awsr::watch {

namespace {
// However busy the directory, a change is delivered at most this long after it happened.
// Renames in and out cover cp-then-mv drops; CLOSE_WRITE sees a file once fully written;
// ATTRIB sees a chmod or chown, which can make a file readable or unreadable.
constexpr uint32_t kWatchMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
                                IN_CREATE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
}  // namespace

bool IsDesiredFileName(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  return name.ends_with(".json") && name.size() > 5;
}

DirectoryWatcher::DirectoryWatcher(boost::asio::any_io_executor executor, std::string directory,
                                   WatchTimings timings, OnChange on_change)
    : directory_(std::move(directory)),
      timings_(timings),
      on_change_(std::move(on_change)),
      inotify_(executor),
      flush_timer_(executor),
      identity_timer_(executor) {}

DirectoryWatcher::~DirectoryWatcher() { Stop(); }

Result<void> DirectoryWatcher::Start() {
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0)
    return MakeError(ErrorKind::kInternal, std::string("inotify_init1: ") + strerror(errno));
  inotify_.assign(fd);
  Rewatch();
  if (watch_ < 0) {
    const int saved = errno;
    Stop();
    return MakeError(ErrorKind::kInvalidSpec,
                     "cannot watch desired_dir " + directory_ + ": " + strerror(saved));
  }
  next_full_rescan_ = std::chrono::steady_clock::now() + timings_.full_rescan;
  ReadEvents();
  ArmIdentityCheck();
  return {};
}

void DirectoryWatcher::Stop() {
  stopped_ = true;
  boost::system::error_code ignored;
  inotify_.close(ignored);
  flush_timer_.cancel();
  identity_timer_.cancel();
}

bool DirectoryWatcher::Rewatch() {
  struct stat info {};
  if (::stat(directory_.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return false;
  if (watch_ >= 0 && info.st_dev == watched_device_ && info.st_ino == watched_inode_) return false;
  const int fd = inotify_.native_handle();
  if (watch_ >= 0) inotify_rm_watch(fd, watch_);
  // inotify_add_watch follows a symlinked desired_dir to the directory it names now.
  watch_ = inotify_add_watch(fd, directory_.c_str(), kWatchMask);
  if (watch_ < 0) return false;
  const bool first = watched_inode_ == 0;
  watched_device_ = info.st_dev;
  watched_inode_ = info.st_ino;
  if (!first) log::Warn({}, "desired_dir {} is another directory now: watching it", directory_);
  return true;
}

void DirectoryWatcher::ArmIdentityCheck() {
  identity_timer_.expires_after(timings_.identity_check);
  identity_timer_.async_wait([this](boost::system::error_code error) {
    if (error || stopped_) return;
    const bool full = std::chrono::steady_clock::now() >= next_full_rescan_;
    if (Rewatch() || full) {
      next_full_rescan_ = std::chrono::steady_clock::now() + timings_.full_rescan;
      rescan_ = true;
      ArmFlush();
    }
    ArmIdentityCheck();
  });
}

void DirectoryWatcher::ReadEvents() {
  inotify_.async_read_some(boost::asio::buffer(buffer_),
                           [this](boost::system::error_code error, std::size_t size) {
                             if (error) return;  // closed by Stop()
                             Collect(buffer_, size);
                             ReadEvents();
                           });
}

void DirectoryWatcher::Collect(const char* buffer, std::size_t size) {
  for (std::size_t offset = 0; offset + sizeof(inotify_event) <= size;) {
    inotify_event event;
    std::memcpy(&event, buffer + offset, sizeof(event));
    const char* name = buffer + offset + sizeof(inotify_event);
    offset += sizeof(inotify_event) + event.len;
    if (event.mask & IN_Q_OVERFLOW) {
      rescan_ = true;
    } else if (event.wd != watch_) {
      continue;  // from a directory watched before: its replacement is rescanned whole
    } else if (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
      // The directory went away or moved: watch whatever the path names, now or later.
      if (event.mask & IN_IGNORED) watch_ = -1;
      Rewatch();
      rescan_ = true;
    } else if (event.len == 0) {
      if (event.mask & IN_ATTRIB) rescan_ = true;  // the directory's own mode or owner
    } else if (IsDesiredFileName(name)) {
      // IN_CREATE alone is not a change yet: the writer's CLOSE_WRITE follows.
      if (event.mask & IN_CREATE) continue;
      if (!(event.mask & IN_MOVED_TO)) writes_pending_ = true;
      pending_.insert(name);
    } else if (((event.mask & IN_MOVED_TO) && IsLinkOrDirectory(name)) ||
               ((event.mask & (IN_DELETE | IN_MOVED_FROM)) && (event.mask & IN_ISDIR))) {
      // A hidden link renamed into place (Kubernetes' `..data` swap), or a directory removed,
      // changes what the desired files' own symlinks point at, with no event for any of them.
      rescan_ = true;
    }
  }
  if (!pending_.empty() || rescan_) ArmFlush();
}

bool DirectoryWatcher::IsLinkOrDirectory(const char* name) const {
  struct stat info {};
  const std::string path = directory_ + "/" + name;
  return ::lstat(path.c_str(), &info) == 0 && (S_ISLNK(info.st_mode) || S_ISDIR(info.st_mode));
}

void DirectoryWatcher::ArmFlush() {
  const auto now = std::chrono::steady_clock::now();
  if (!flush_armed_) first_pending_ = now;
  flush_armed_ = true;
  const auto quiet =
      writes_pending_ || rescan_ ? timings_.quiet_period : timings_.quiet_after_rename;
  const auto deadline = std::min(now + quiet, first_pending_ + timings_.max_delay);
  flush_timer_.expires_at(deadline);
  flush_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;  // re-armed by a newer event, or stopped
    // A wait that had already completed when it was re-armed still runs: it finds nothing.
    if (pending_.empty() && !rescan_) return;
    flush_armed_ = false;
    writes_pending_ = false;
    std::set<std::string> changed;
    if (!rescan_) changed.swap(pending_);
    pending_.clear();
    rescan_ = false;
    on_change_(std::move(changed));
  });
}

}  // namespace awsr::watch
