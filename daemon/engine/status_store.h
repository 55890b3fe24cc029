// Every resource's status and a bounded event history; saved to state_dir atomically so a
// restart keeps them (AWS tags remain the truth: a lost file only costs history).
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "daemon/base/error.h"
#include "daemon/engine/status.h"

namespace awsr::engine {

class StatusStore {
 public:
  using EventListener = std::function<void(const Event&)>;

  explicit StatusStore(std::string state_dir, std::size_t max_events = 1000);

  // Reads state_dir/status.json. A corrupt file is moved aside (status.json.corrupt) and the
  // store starts empty; the returned error is only for a warning, never fatal.
  Result<void> Load();
  // Write to a temporary file, fsync, rename over status.json, fsync the directory. Only the
  // statuses handed out by At() since the last Save are serialised again.
  Result<void> Save();

  // Creates an entry when missing, and marks it changed for the next Save: change a status
  // through a reference from At() taken after the last Save, never an older one.
  ResourceStatus& At(const std::string& logical_id);
  const ResourceStatus* Find(std::string_view logical_id) const;
  void Erase(const std::string& logical_id);
  const std::map<std::string, ResourceStatus, std::less<>>& All() const { return statuses_; }
  // Changes whenever a status may have changed (At, Erase, Load): what renders them can cache.
  std::uint64_t Generation() const { return generation_; }

  void Record(Event event);
  // Events with a sequence greater than `after`, oldest first.
  std::vector<Event> EventsAfter(std::uint64_t after) const;
  std::uint64_t LastSequence() const { return next_sequence_ - 1; }
  // Called for every new event (streaming API clients); returns an id to remove it.
  int AddListener(EventListener listener);
  void RemoveListener(int id);

 private:
  std::string path_;
  std::size_t max_events_;
  std::map<std::string, ResourceStatus, std::less<>> statuses_;
  // Each status as JSON text at the last Save, and the ones At() handed out since: at 10,000
  // resources, serialising only what a cycle touched keeps a save cheap.
  std::map<std::string, std::string, std::less<>> saved_text_;
  std::set<std::string, std::less<>> changed_;
  std::uint64_t generation_ = 0;
  std::deque<Event> events_;
  std::uint64_t next_sequence_ = 1;
  std::map<int, EventListener> listeners_;
  int next_listener_ = 1;
};

}  // namespace awsr::engine
