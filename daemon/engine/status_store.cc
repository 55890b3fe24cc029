#include "daemon/engine/status_store.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "daemon/base/durable_file.h"
#include "daemon/base/json_fields.h"

namespace awsr::engine {
namespace {

using nlohmann::json;
constexpr int kFormatVersion = 1;

// status.changes.json beside status.json.
std::string ChangesPath(const std::string& status_path) {
  return std::filesystem::path(status_path).replace_filename("status.changes.json").string();
}

// Appends "key":value to the object being written in `text`, after a comma unless first.
void AppendMember(std::string& text, const std::string& key, std::string_view value) {
  if (text.back() != '{') text += ',';
  text += DumpJson(json(key));
  text += ':';
  text += value;
}

}  // namespace

bool StateCounts::Empty() const {
  const auto zero = [](std::size_t count) { return count == 0; };
  return std::ranges::all_of(desired, zero) && std::ranges::all_of(not_desired, zero);
}

const std::shared_ptr<const std::string>& StatusSnapshot::ListAnswer() const {
  std::call_once(listed_, [this] {
    constexpr std::size_t kSummaryBytes = 800;  // about one status's; the buffer grows if not
    std::string list;
    list.reserve(entries.size() * kSummaryBytes + 32);
    list += "{\"resources\":[";
    for (const Entry& entry : entries) {
      if (list.back() != '[') list += ',';
      AppendStatusText(list, *entry.status);
    }
    list += "]}\n";
    list_answer_ = std::make_shared<const std::string>(std::move(list));
  });
  return list_answer_;
}

StatusStore::StatusStore(std::string state_dir, std::size_t max_events, StatusRetention retention)
    : path_(std::move(state_dir) + "/status.json"),
      max_events_(max_events),
      retention_(retention) {}

StatusStore::RecordedEvent::RecordedEvent(const Event& recorded)
    : sequence(recorded.sequence), text(DumpJson(ToJson(recorded))) {
  text.shrink_to_fit();  // kept for as long as the event is
}

Result<void> StatusStore::Load() {
  std::error_code ignored;
  // A crash between writing and renaming leaves this behind; status.json is the last good save.
  std::filesystem::remove(TemporaryPathFor(path_), ignored);
  std::map<std::string, ResourceStatus, std::less<>> statuses;
  std::deque<Event> events;
  std::ifstream file(path_);
  if (!file && errno != ENOENT) {
    return MakeError(ErrorKind::kInternal, "cannot read " + path_ + ": " + strerror(errno) +
                                               "; starting without the saved status");
  }
  // No status.json: the first start, or a crash before the first save (changes may exist).
  if (file) {
    if (auto read = Read(file, statuses, events); !read) return read;
  }
  ApplySavedChanges(statuses, events);
  for (auto& [id, status] : statuses) {
    changed_.insert(id);
    Touched(id);
    Writable(statuses_[id]) = std::move(status);
  }
  ++generation_;
  ++edits_;
  // Only the newest max_events are kept: only they are worth a text.
  events_.clear();
  const std::size_t dropped = events.size() > max_events_ ? events.size() - max_events_ : 0;
  for (auto event = events.begin() + static_cast<std::ptrdiff_t>(dropped); event != events.end();
       ++event) {
    events_.emplace_back(*event);
  }
  next_sequence_ = events_.empty() ? 1 : events_.back().sequence + 1;
  return {};
}

Result<void> StatusStore::Read(std::istream& file,
                               std::map<std::string, ResourceStatus, std::less<>>& statuses,
                               std::deque<Event>& events) {
  std::error_code ignored;
  std::stringstream text;
  text << file.rdbuf();
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
    if (document.contains("sequence") && document["sequence"].is_number_unsigned()) {
      saved_sequence_ = document["sequence"].get<std::uint64_t>();
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
  return {};
}

Result<void> StatusStore::Save() {
  // Once a minute is often enough for a retention counted in hours, and spares a steady cycle
  // the walk.
  if (const auto now = WallClock::now(); now - pruned_at_ >= std::chrono::minutes(1)) {
    Prune(now);
    pruned_at_ = now;
  }
  // A save ends a step the engine took: readers should see it.
  if (!change_signalled_ && on_change_) {
    change_signalled_ = true;
    on_change_();
  }
  // A steady cycle that changed nothing leaves the file as it is: no 10,000-status write.
  if (!unsaved_) return {};
  // A few changes among many statuses (a file's cycle at 10,000) are written beside
  // status.json at the cost of those few; once they are a sizeable share, the whole file is.
  if (changed_.size() * kWholeSaveShare < statuses_.size()) {
    if (auto saved = SaveChanges(); !saved) return saved;
    unsaved_ = false;
    return {};
  }
  changed_.clear();
  // The document {"version", "resources", "events"}, written into one buffer sized by the last
  // save: at 10,000 statuses it is megabytes, and growing it by doubling copied (and faulted
  // in) it several times a save. (A status.json of an older version also has each resource's
  // "observed" properties; they are read from AWS again instead.)
  std::string text;
  text.reserve(saved_size_ + saved_size_ / 8);
  const std::uint64_t sequence = saved_sequence_ + 1;
  text += "{\"version\":" + std::to_string(kFormatVersion) +
          ",\"sequence\":" + std::to_string(sequence) + ",\"resources\":{";
  for (const auto& [id, held] : statuses_) {
    AppendMember(text, id, "");
    AppendSavedText(text, *held);
  }
  text += "},\"events\":";
  text += EventsText();
  text += '}';
  saved_size_ = text.size();

  if (auto replaced = WriteFileDurably(path_, text, 0600); !replaced) return replaced;
  saved_sequence_ = sequence;
  unsaved_ = false;
  // The changes saved since the last save are in status.json now.
  ::unlink(ChangesPath(path_).c_str());
  return {};
}

Result<void> StatusStore::SaveChanges() {
  // The document {"version", "extends", "resources", "events"} as DumpJson wrote it (keys
  // sorted), but with the events' kept texts: a file's change at 10,000 resources saved here,
  // and serialising up to max_events events each time was a sixth of the reaction.
  std::string text = "{\"events\":" + EventsText() +
                     ",\"extends\":" + std::to_string(saved_sequence_) + ",\"resources\":{";
  for (const auto& id : changed_) {  // sorted, as a JSON object's keys are
    const auto held = statuses_.find(id);
    std::string saved = "null";
    if (held != statuses_.end()) {
      saved.clear();
      AppendSavedText(saved, *held->second);
    }
    AppendMember(text, id, saved);
  }
  text += "},\"version\":" + std::to_string(kFormatVersion) + "}";
  return WriteFileDurably(ChangesPath(path_), text, 0600);
}

void StatusStore::ApplySavedChanges(std::map<std::string, ResourceStatus, std::less<>>& statuses,
                                    std::deque<Event>& events) const {
  const std::string path = ChangesPath(path_);
  std::error_code ignored;
  std::filesystem::remove(TemporaryPathFor(path), ignored);
  std::ifstream file(path);
  if (!file) return;
  std::stringstream text;
  text << file.rdbuf();
  // Written by SaveChanges, renamed into place whole: anything else is not ours to trust.
  const json changes = json::parse(text.str(), nullptr, false);
  if (!changes.is_object() || changes.value("version", 0) != kFormatVersion ||
      !changes.contains("extends") || !changes["extends"].is_number_unsigned() ||
      changes["extends"].get<std::uint64_t>() != saved_sequence_ ||
      !changes.contains("resources") || !changes["resources"].is_object()) {
    return;  // a status.json saved after them holds them already
  }
  for (const auto& [id, status] : changes["resources"].items()) {
    if (status.is_null()) {
      statuses.erase(id);
      continue;
    }
    try {
      statuses[id] = StatusFromJson(status);
    } catch (const std::exception&) {
      // As unusable as a corrupt status.json entry: AWS's tags are the truth.
    }
  }
  // The events as they were at these changes: newer than status.json's.
  if (changes.contains("events") && changes["events"].is_array()) {
    std::deque<Event> newer;
    try {
      for (const auto& event : changes["events"]) newer.push_back(EventFromJson(event));
      events = std::move(newer);
    } catch (const std::exception&) {
      // History only: status.json's events stay.
    }
  }
}

ResourceStatus& StatusStore::Writable(Held& held) {
  if (!held.live) {
    held.live = std::make_shared<ResourceStatus>();
  } else if (held.live == held.published) {
    held.live = std::make_shared<ResourceStatus>(*held.published);
  }
  return *held.live;
}

ResourceStatus& StatusStore::At(const std::string& logical_id) {
  ResourceStatus& status = Writable(statuses_[logical_id]);
  status.logical_id = logical_id;
  ++edits_;
  changed_.insert(logical_id);
  unsaved_ = true;
  Touched(logical_id);
  return status;
}

const ResourceStatus* StatusStore::Find(std::string_view logical_id) const {
  const auto found = statuses_.find(logical_id);
  return found == statuses_.end() ? nullptr : found->second.live.get();
}

void StatusStore::SetDetailsReadAt(const std::string& logical_id,
                                   std::optional<WallClock::time_point> read_at) {
  const auto held = statuses_.find(logical_id);
  if (held == statuses_.end()) {
    At(logical_id).details_read_at = read_at;
    return;
  }
  if (held->second->details_read_at == read_at) return;
  Writable(held->second).details_read_at = read_at;
  Touched(logical_id);
}

void StatusStore::Erase(const std::string& logical_id) {
  if (const auto held = statuses_.find(logical_id); held != statuses_.end()) {
    Count(held->second, -1);
    statuses_.erase(held);
  }
  ++edits_;
  Touched(logical_id);
  changed_.insert(logical_id);  // gone: SaveChanges records it so, Save skips it
  unsaved_ = true;
}

void StatusStore::Touched(const std::string& logical_id) {
  ++generation_;
  unpublished_.insert(logical_id);
  if (!change_signalled_ && on_change_) {
    change_signalled_ = true;
    on_change_();
  }
}

std::size_t StatusStore::Prune(WallClock::time_point now) {
  // Only outcomes are pruned: Deleted (gone from AWS) and Released (left to someone else).
  std::vector<std::pair<WallClock::time_point, std::string>> finished;
  for (const auto& [id, held] : statuses_) {
    if (held->state == ResourceState::kDeleted || held->state == ResourceState::kReleased) {
      finished.emplace_back(held->updated_at, id);
    }
  }
  std::sort(finished.begin(), finished.end());
  const std::size_t over_count =
      finished.size() > retention_.count ? finished.size() - retention_.count : 0;
  std::size_t pruned = 0;
  for (std::size_t i = 0; i < finished.size(); ++i) {
    if (i >= over_count && now - finished[i].first < retention_.age) break;
    Erase(finished[i].second);
    ++pruned;
  }
  return pruned;
}

void StatusStore::SetDesired(config::SharedDeclarations desired) {
  if (desired.SameAs(desired_)) return;
  // Only those whose side changed are counted again. Both maps are sorted by ID: one walk over
  // them finds those, without copying any other ID.
  std::vector<std::string> moved;
  using Ref = config::DeclarationRef;
  config::WalkTogether(desired_, desired, [&](const std::string& id, const Ref* was, const Ref* is) {
    if ((was == nullptr) != (is == nullptr)) moved.push_back(id);
  });
  desired_ = std::move(desired);
  for (const auto& id : moved) {
    if (statuses_.contains(id)) Touched(id);
  }
}

void StatusStore::Count(const Held& held, int by) {
  if (!held.published) return;
  const ResourceStatus& status = *held.published;
  const auto add = [&](StateCounts& counts) {
    auto& side = held.published_desired ? counts.desired : counts.not_desired;
    side[static_cast<std::size_t>(status.state)] += static_cast<std::size_t>(by);
  };
  add(counts_);
  const auto place = counts_.by_account_region.try_emplace({status.account, status.region}).first;
  add(place->second);
  if (place->second.Empty()) counts_.by_account_region.erase(place);
}

std::shared_ptr<const StatusSnapshot> StatusStore::Publish() {
  change_signalled_ = false;
  auto current = published_.value.load();
  if (unpublished_.empty() && current->generation == generation_) return current;
  bool moved = false;
  for (const auto& id : unpublished_) {
    const auto found = statuses_.find(id);
    if (found == statuses_.end()) {
      moved = true;  // erased (and uncounted) since
      continue;
    }
    Held& held = found->second;
    const bool desired = desired_.contains(id);
    if (held.published && held.published_desired == desired &&
        (held.live == held.published || *held.live == *held.published)) {
      held.live = held.published;  // handed out, not changed: readers keep sharing it
      continue;
    }
    moved = true;
    Count(held, -1);
    held.published = held.live;
    held.published_desired = desired;
    Count(held, +1);
  }
  unpublished_.clear();
  if (!moved) return current;
  auto snapshot = std::make_shared<StatusSnapshot>();
  snapshot->generation = generation_;
  snapshot->counts = counts_;
  snapshot->entries.reserve(statuses_.size());
  for (const auto& [id, held] : statuses_) {
    if (held.published) snapshot->entries.push_back({held.published, held.published_desired});
  }
  std::shared_ptr<const StatusSnapshot> published = std::move(snapshot);
  published_.value.store(published);
  return published;
}

void StatusStore::Record(Event event) {
  event.sequence = next_sequence_++;
  if (lease_epoch_ && event.lease_epoch == 0) event.lease_epoch = lease_epoch_();
  events_.emplace_back(event);
  while (events_.size() > max_events_) events_.pop_front();
  unsaved_ = true;
  for (const auto& [id, listener] : listeners_) listener(event);
}

std::vector<Event> StatusStore::EventsAfter(std::uint64_t after) const {
  std::vector<Event> events;
  for (const auto& recorded : events_) {
    if (recorded.sequence > after) events.push_back(EventFromJson(json::parse(recorded.text)));
  }
  return events;
}

std::vector<std::string> StatusStore::EventTextsAfter(std::uint64_t after) const {
  std::vector<std::string> texts;
  for (const auto& recorded : events_) {
    if (recorded.sequence > after) texts.push_back(recorded.text);
  }
  return texts;
}

std::string StatusStore::EventsText() const {
  return JoinJsonTexts(
      events_, [](const RecordedEvent& recorded) -> const std::string& { return recorded.text; });
}

int StatusStore::AddListener(EventListener listener) {
  listeners_[next_listener_] = std::move(listener);
  return next_listener_++;
}

void StatusStore::RemoveListener(int id) { listeners_.erase(id); }

}  // namespace awsr::engine
