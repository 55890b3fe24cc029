// Every resource's status and a bounded event history; saved to state_dir atomically so a
// restart keeps them (AWS tags remain the truth: a lost file only costs history). Readers on
// other threads (the control API) see published snapshots, never the live statuses.
#pragma once

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "config/desired_set.h"
#include "daemon/base/error.h"
#include "daemon/engine/status.h"

namespace awsr::engine {

inline constexpr std::size_t kResourceStateCount =
    static_cast<std::size_t>(ResourceState::kReleased) + 1;

// Statuses by state, split by whether a file declares the resource: a Deleted or Released
// status, or one on its way out, is remembered but no longer desired.
struct StateCounts {
  std::array<std::size_t, kResourceStateCount> desired{};
  std::array<std::size_t, kResourceStateCount> not_desired{};
  bool Empty() const;
};

// Every status, and the same by the (account, region) each one is in: with files for many
// accounts, "3 in Error" alone does not say where to look. A status not planned yet counts
// under its account "" (account_counts.h).
struct StatusCounts : StateCounts {
  std::map<std::pair<std::string, std::string>, StateCounts> by_account_region;
};

// An immutable picture of every status at one moment, shared with readers on any thread.
struct StatusSnapshot {
  // One status as a list shows it. The status itself, shared with the store for as long as it
  // does not change (StatusStore::At copies a published status before handing it out), not a
  // copy or a rendered text of it: at 10,000 resources either was a tenth of the heap.
  struct Entry {
    std::shared_ptr<const ResourceStatus> status;
    bool desired = false;  // a file declares it
    const ResourceStatus* operator->() const { return status.get(); }
  };

  // The answer to GET /v1/resources, {"resources": [...]} and a newline, every entry's status
  // (AppendStatusText) rendered once, by the first reader that needs it, and shared by every
  // request that sends it.
  const std::shared_ptr<const std::string>& ListAnswer() const;

  std::uint64_t generation = 0;
  StatusCounts counts;
  std::vector<Entry> entries;  // by logical id

 private:
  mutable std::once_flag listed_;
  mutable std::shared_ptr<const std::string> list_answer_;
};

// Deleted and Released statuses say what happened, not what is: they are kept this long after
// their last change, and at most this many of them (the oldest go first).
struct StatusRetention {
  std::chrono::seconds age = std::chrono::hours(24);
  std::size_t count = 1000;
};

class StatusStore {
 public:
  using EventListener = std::function<void(const Event&)>;
  // A status, and the version of it readers were last shown: the same object until At() hands
  // it out again after a Publish, which copies it first, so what readers hold never changes.
  struct Held {
    std::shared_ptr<ResourceStatus> live;
    std::shared_ptr<ResourceStatus> published;  // null until first published
    bool published_desired = false;
    const ResourceStatus& operator*() const { return *live; }
    const ResourceStatus* operator->() const { return live.get(); }
  };
  using Statuses = std::map<std::string, Held, std::less<>>;

  explicit StatusStore(std::string state_dir, std::size_t max_events = 1000,
                       StatusRetention retention = {});

  // Reads state_dir/status.json. A corrupt file is moved aside (status.json.corrupt) and the
  // store starts empty; the returned error is only for a warning, never fatal.
  Result<void> Load();
  // Prunes what the retention allows (at most once a minute), then writes to a temporary file,
  // fsyncs, renames over status.json, fsyncs the directory. Only the statuses handed out by
  // At() since the last Save are serialised again. While those are fewer than one in
  // kWholeSaveShare of all, only they are written, as SaveChanges does.
  Result<void> Save();
  static constexpr std::size_t kWholeSaveShare = 16;
  // Makes the statuses changed since the last Save durable at the cost of those alone: writes
  // them and the events to status.changes.json (atomically, fsynced), which Load applies over
  // the status.json it extends. For a step that must be on the disk before it is taken (a
  // create's pending marker) without writing 10,000 statuses. A whole Save folds them in.
  Result<void> SaveChanges();

  // Creates an entry when missing, and marks it changed for the next Save and Publish. Change a
  // status only through a reference from At() taken since the last Publish (a Save publishes
  // too; the owner publishes after each step): a published status is shared with readers, and
  // At() copies it before handing it out. Never hold one across a co_await.
  ResourceStatus& At(const std::string& logical_id);
  const ResourceStatus* Find(std::string_view logical_id) const;
  // Sets details_read_at, which readers see but status.json does not keep (it moves with the
  // read budget most cycles; after a restart the budget reads again): a change to it alone
  // publishes, never saves.
  void SetDetailsReadAt(const std::string& logical_id,
                        std::optional<WallClock::time_point> read_at);
  void Erase(const std::string& logical_id);
  const Statuses& All() const { return statuses_; }
  // Changes whenever a status may have changed (At, Erase, Load): what renders them can cache.
  std::uint64_t Generation() const { return generation_; }
  // The same, but unmoved by SetDetailsReadAt: changes whenever a status may have changed in
  // anything a plan reads (At, Erase, Load).
  std::uint64_t Edits() const { return edits_; }
  // Erases Deleted and Released statuses older than the retention, and the oldest of them over
  // its count; returns how many went.
  std::size_t Prune(WallClock::time_point now);

  // The resources the files declare, for the counts' desired/not desired split. Kept as the
  // handle, not copied: a change of one file costs a walk over both maps, not a set of every ID.
  void SetDesired(config::SharedDeclarations desired);
  // Called once after the first change since the last Publish (At, Erase, Load, Save): the
  // owner schedules a Publish, after the step that made the change.
  void OnChange(std::function<void()> callback) { on_change_ = std::move(callback); }
  // Applies the changes since the last Publish to the counts and entries and makes the result
  // what Published() returns. Costs what changed, and a vector of every status's pointer.
  std::shared_ptr<const StatusSnapshot> Publish();
  // The last published snapshot; safe from any thread.
  std::shared_ptr<const StatusSnapshot> Published() const { return published_.value.load(); }

  void Record(Event event);
  // Gives each event recorded from now on the lease epoch `epoch` returns then.
  void StampLeaseEpoch(std::function<std::int64_t()> epoch) { lease_epoch_ = std::move(epoch); }
  // Events with a sequence greater than `after`, oldest first.
  std::vector<Event> EventsAfter(std::uint64_t after) const;
  // The same as the texts kept of them (DumpJson(ToJson(event))).
  std::vector<std::string> EventTextsAfter(std::uint64_t after) const;
  std::uint64_t LastSequence() const { return next_sequence_ - 1; }
  // Called for every new event (streaming API clients); returns an id to remove it.
  int AddListener(EventListener listener);
  void RemoveListener(int id);

 private:
  // An event as its JSON text alone, made once when it is recorded or loaded: an event never
  // changes, every save writes all of them (up to max_events) and the API sends them as they
  // are; the one reader of its fields (a resource's page) parses them back. The fields kept
  // beside the text were ~0.3 MB of the last 1,000 events.
  struct RecordedEvent {
    explicit RecordedEvent(const Event& recorded);
    std::uint64_t sequence = 0;
    std::string text;
  };

  void Touched(const std::string& logical_id);
  // The status `held` keeps, copied first when readers share it.
  static ResourceStatus& Writable(Held& held);
  // Adds `by` (+1 or -1) to the counts under a status as it was published.
  void Count(const Held& held, int by);
  // The events as one JSON array, from their kept texts.
  std::string EventsText() const;
  // Parses status.json into `statuses` and `events`; unusable, it is moved aside.
  Result<void> Read(std::istream& file,
                    std::map<std::string, ResourceStatus, std::less<>>& statuses,
                    std::deque<Event>& events);
  // Puts what status.changes.json holds over `statuses` when it extends the status.json read.
  void ApplySavedChanges(std::map<std::string, ResourceStatus, std::less<>>& statuses,
                         std::deque<Event>& events) const;

  std::string path_;
  std::size_t max_events_;
  StatusRetention retention_;
  Statuses statuses_;
  // The statuses At() handed out since the last Save: what SaveChanges writes.
  std::set<std::string, std::less<>> changed_;
  std::size_t saved_size_ = 0;  // of the last whole save: the next one's buffer is sized by it
  // Something (a status, an event, an erasure) is not in the file yet.
  bool unsaved_ = true;
  std::uint64_t saved_sequence_ = 0;  // of the status.json on the disk; 0 before the first
  std::uint64_t generation_ = 0;
  std::uint64_t edits_ = 0;
  WallClock::time_point pruned_at_{};
  std::deque<RecordedEvent> events_;
  std::uint64_t next_sequence_ = 1;
  std::map<int, EventListener> listeners_;
  int next_listener_ = 1;

  // Publishing: what changed since the last Publish, and what the last one counted.
  std::set<std::string, std::less<>> unpublished_;
  config::SharedDeclarations desired_;
  StatusCounts counts_;
  bool change_signalled_ = false;
  std::function<void()> on_change_;
  std::function<std::int64_t()> lease_epoch_;
  // Swapped atomically for readers on other threads; movable, so the store is (a move happens
  // before any reader exists).
  struct AtomicSnapshot {
    AtomicSnapshot() = default;
    AtomicSnapshot(AtomicSnapshot&& other) noexcept : value(other.value.load()) {}
    AtomicSnapshot& operator=(AtomicSnapshot&& other) noexcept {
      value.store(other.value.load());
      return *this;
    }
    std::atomic<std::shared_ptr<const StatusSnapshot>> value{
        std::make_shared<const StatusSnapshot>()};
  };
  AtomicSnapshot published_;
};

}  // namespace awsr::engine
