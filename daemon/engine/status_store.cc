#include "daemon/engine/status_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/base/json_fields.h"

namespace awsr::engine {
namespace {

using nlohmann::json;
constexpr int kFormatVersion = 1;

Result<void> WriteAll(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return MakeError(ErrorKind::kInternal, std::string("write: ") + strerror(errno));
    written += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

StatusStore::StatusStore(std::string state_dir, std::size_t max_events)
    : path_(std::move(state_dir) + "/status.json"), max_events_(max_events) {}

Result<void> StatusStore::Load() {
  std::error_code ignored;
  // A crash between writing and renaming leaves this behind; status.json is the last good save.
  std::filesystem::remove(path_ + ".tmp", ignored);
  std::ifstream file(path_);
  if (!file) {
    if (errno == ENOENT) return {};  // first start
    return MakeError(ErrorKind::kInternal, "cannot read " + path_ + ": " + strerror(errno) +
                                               "; starting without the saved status");
  }
  std::stringstream text;
  text << file.rdbuf();
  std::map<std::string, ResourceStatus, std::less<>> statuses;
  std::deque<Event> events;
  std::string problem;
  try {
    json document = json::parse(text.str());
    const bool usable = document.is_object() && document.contains("version") &&
                        document["version"] == kFormatVersion && document.contains("resources") &&
                        document["resources"].is_object();
    if (!usable)
      throw std::runtime_error("not a status file of version " + std::to_string(kFormatVersion));
    for (const auto& [id, status] : document["resources"].items()) {
      statuses[id] = StatusFromJson(status);
    }
    if (document.contains("events") && document["events"].is_array()) {
      for (const auto& event : document["events"]) events.push_back(EventFromJson(event));
    }
  } catch (const std::exception& e) {
    // Wrong types are as unusable as bad syntax. AWS's tags are the truth; only history is lost.
    problem = e.what();
  }
  if (!problem.empty()) {
    std::filesystem::rename(path_, path_ + ".corrupt", ignored);
    return MakeError(ErrorKind::kInternal, path_ + " is unreadable (" + problem +
                                               "); moved aside to status.json.corrupt, starting "
                                               "afresh");
  }
  for (auto& [id, status] : statuses) {
    changed_.insert(id);
    statuses_[id] = std::move(status);
  }
  ++generation_;
  events_ = std::move(events);
  while (events_.size() > max_events_) events_.pop_front();
  next_sequence_ = events_.empty() ? 1 : events_.back().sequence + 1;
  return {};
}

Result<void> StatusStore::Save() {
  for (const auto& id : changed_) {
    if (auto status = statuses_.find(id); status != statuses_.end()) {
      saved_text_[id] = DumpJson(ToJson(status->second));
    }
  }
  changed_.clear();
  json events = json::array();
  for (const auto& event : events_) events.push_back(ToJson(event));
  // The document {"version", "resources", "events"}, assembled from the saved texts.
  std::string text = "{\"version\":" + std::to_string(kFormatVersion) + ",\"resources\":{";
  for (const auto& [id, body] : saved_text_) {
    if (text.back() != '{') text += ',';
    text += DumpJson(json(id));
    text += ':';
    text += body;
  }
  text += "},\"events\":" + DumpJson(events) + "}";

  const std::string temporary = path_ + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return MakeError(ErrorKind::kInternal, "cannot write " + temporary + ": " + strerror(errno));
  }
  auto written = WriteAll(fd, text);
  const bool synced = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced || ::rename(temporary.c_str(), path_.c_str()) != 0) {
    const std::string reason = written ? strerror(errno) : written.error().message;
    ::unlink(temporary.c_str());  // a half-written file must not linger beside the good one
    return MakeError(ErrorKind::kInternal, "cannot replace " + path_ + ": " + reason);
  }
  const std::string directory = std::filesystem::path(path_).parent_path().string();
  const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

ResourceStatus& StatusStore::At(const std::string& logical_id) {
  auto& status = statuses_[logical_id];
  status.logical_id = logical_id;
  changed_.insert(logical_id);
  ++generation_;
  return status;
}

const ResourceStatus* StatusStore::Find(std::string_view logical_id) const {
  const auto found = statuses_.find(logical_id);
  return found == statuses_.end() ? nullptr : &found->second;
}

void StatusStore::Erase(const std::string& logical_id) {
  statuses_.erase(logical_id);
  ++generation_;
  saved_text_.erase(logical_id);
  changed_.erase(logical_id);
}

void StatusStore::Record(Event event) {
  event.sequence = next_sequence_++;
  events_.push_back(event);
  while (events_.size() > max_events_) events_.pop_front();
  for (const auto& [id, listener] : listeners_) listener(event);
}

std::vector<Event> StatusStore::EventsAfter(std::uint64_t after) const {
  std::vector<Event> events;
  for (const auto& event : events_) {
    if (event.sequence > after) events.push_back(event);
  }
  return events;
}

int StatusStore::AddListener(EventListener listener) {
  listeners_[next_listener_] = std::move(listener);
  return next_listener_++;
}

void StatusStore::RemoveListener(int id) { listeners_.erase(id); }

}  // namespace awsr::engine
