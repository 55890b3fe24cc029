#include "daemon/watch/directory_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace awsr::watch {

namespace {
// However busy the directory, a change is delivered at most this long after it happened.
constexpr auto kMaxDelay = std::chrono::milliseconds(150);
}  // namespace

bool IsDesiredFileName(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  return name.ends_with(".json") && name.size() > 5;
}

DirectoryWatcher::DirectoryWatcher(boost::asio::any_io_executor executor, std::string directory,
                                   std::chrono::milliseconds quiet_period, OnChange on_change)
    : directory_(std::move(directory)),
      quiet_period_(quiet_period),
      on_change_(std::move(on_change)),
      inotify_(executor),
      flush_timer_(executor) {}

DirectoryWatcher::~DirectoryWatcher() { Stop(); }

Result<void> DirectoryWatcher::Start() {
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return MakeError(ErrorKind::kInternal, std::string("inotify_init1: ") + strerror(errno));
  // Renames in and out cover cp-then-mv drops; CLOSE_WRITE sees a file once fully written.
  const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE |
                        IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
  if (inotify_add_watch(fd, directory_.c_str(), mask) < 0) {
    const int saved = errno;
    close(fd);
    return MakeError(ErrorKind::kInvalidSpec,
                     "cannot watch desired_dir " + directory_ + ": " + strerror(saved));
  }
  inotify_.assign(fd);
  ReadEvents();
  return {};
}

void DirectoryWatcher::Stop() {
  boost::system::error_code ignored;
  inotify_.close(ignored);
  flush_timer_.cancel();
}

void DirectoryWatcher::ReadEvents() {
  inotify_.async_read_some(
      boost::asio::buffer(buffer_), [this](boost::system::error_code error, std::size_t size) {
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
    if (event.mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF)) {
      rescan_ = true;
    } else if (event.len > 0 && IsDesiredFileName(name)) {
      // IN_CREATE alone is not a change yet: the writer's CLOSE_WRITE follows.
      if (event.mask & IN_CREATE) continue;
      pending_.insert(name);
    }
  }
  if (!pending_.empty() || rescan_) ArmFlush();
}

void DirectoryWatcher::ArmFlush() {
  const auto now = std::chrono::steady_clock::now();
  if (!flush_armed_) first_pending_ = now;
  flush_armed_ = true;
  const auto deadline = std::min(now + quiet_period_, first_pending_ + kMaxDelay);
  flush_timer_.expires_at(deadline);
  flush_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;  // re-armed by a newer event, or stopped
    // A wait that had already completed when it was re-armed still runs: it finds nothing.
    if (pending_.empty() && !rescan_) return;
    flush_armed_ = false;
    std::set<std::string> changed;
    if (!rescan_) changed.swap(pending_);
    pending_.clear();
    rescan_ = false;
    on_change_(std::move(changed));
  });
}

}  // namespace awsr::watch
