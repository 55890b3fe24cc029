// One bulk read per region and cycle, shared by the types of a service that observe through
// the same list (ELBv2's load balancers, for balancers, listeners and rules; Lambda's
// functions, for functions, URLs and permissions), or per parent (ELBv2's listeners of each
// balancer, for listeners and rules: the key is then the region and the parent,
// elbv2/shared_listeners.h). IAM's snapshot (iam/iam_snapshot.h) works the same way for its
// one global read. The engine observes each (type, region) once a cycle,
// concurrently within the service's limit, so:
//  - single flight per region: readers arriving while a read is under way wait for it;
//  - each reader (its type name) is served a given read at most once: a reader asking again
//    means a new cycle, and it gets a fresh read, so no cycle number is needed;
//  - a write of any sharing type (Invalidate, from the types' BeforeWrite) and an age limit
//    drop the read, so no type plans on a list older than a write or than one cycle;
//  - a failed read is shared like a good one: during an outage the other readers of the cycle
//    are told at once, not each made to sit through the client's retries again;
//  - a key nobody is reading whose read could no longer be shared (dropped, or past the age
//    limit) is forgotten, so per-parent keys (balancers since deleted) do not pile up;
//  - a read every reader of the last cycle has had is let go at once, not held until the next
//    cycle, which reads afresh anyway (a describe's items, whole: the realistic bench's route
//    tables were ~1.6 MB of the idle daemon's heap).
#pragma once

#include <algorithm>
#include <boost/asio/this_coro.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "daemon/engine/async_tools.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::kit {

// `Key` names what is read: a region, or a region and a parent.
template <typename Value, typename Source, typename Key = std::string>
class CycleSharedRead {
 public:
  // Reads `key` afresh from `source` (a client, or an object holding other shared reads).
  using Fetch = engine::Task<Value> (*)(Source& source, Key key);
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::seconds kMaxAge{10};

  CycleSharedRead(Source& source, Fetch fetch, Clock clock = std::chrono::steady_clock::now)
      : source_(source), fetch_(fetch), clock_(std::move(clock)) {}

  // The key's value for `reader`, read now or shared from a read no other call of the same
  // reader has been served.
  engine::Task<std::shared_ptr<const Value>> Read(std::string reader, Key key) {
    using Answer = Result<std::shared_ptr<const Value>>;
    ForgetUnshareable();
    Held& held = held_[key];  // a map's node stays put while a read of it counts in `readers`
    const ReaderCount counted(held.readers);
    if (!held.single_flight) {
      held.single_flight =
          std::make_unique<engine::AsyncSemaphore>(co_await boost::asio::this_coro::executor, 1);
    }
    const engine::AsyncSemaphore::Permit flight = co_await held.single_flight->Acquire();
    if (!held.answer || held.served.contains(reader) || clock_() - held.read_at >= kMaxAge) {
      readers_.insert(held.served.begin(), held.served.end());
      auto fetched = co_await fetch_(source_, key);
      held.answer = fetched ? Answer(std::make_shared<const Value>(std::move(*fetched)))
                            : Answer(fetched.error());
      held.read_at = clock_();
      held.served.clear();
    }
    held.served.insert(reader);
    Answer answer = *held.answer;
    if (held.readers == 1 && !readers_.empty() &&
        std::includes(held.served.begin(), held.served.end(), readers_.begin(), readers_.end())) {
      held.answer.reset();  // no one waits for it, and every reader has had it
    }
    co_return answer;
  }

  // Forgets every key's read: called before every write of a sharing type.
  void Invalidate() {
    for (auto& [key, held] : held_) held.answer.reset();
  }

  std::size_t KeysHeld() const { return held_.size(); }

 private:
  // Counts a read of a key while it is under way (also when its coroutine is destroyed early).
  class ReaderCount {
   public:
    explicit ReaderCount(int& readers) : readers_(readers) { ++readers_; }
    ~ReaderCount() { --readers_; }
    ReaderCount(const ReaderCount&) = delete;
    ReaderCount& operator=(const ReaderCount&) = delete;

   private:
    int& readers_;
  };

  void ForgetUnshareable() {
    const auto now = clock_();
    std::erase_if(held_, [&](const auto& entry) {
      const Held& held = entry.second;
      return held.readers == 0 && (!held.answer || now - held.read_at >= kMaxAge);
    });
  }

  struct Held {
    std::unique_ptr<engine::AsyncSemaphore> single_flight;  // made on first use, on the loop
    std::optional<Result<std::shared_ptr<const Value>>> answer;  // the value or why it failed
    std::chrono::steady_clock::time_point read_at;
    std::set<std::string> served;  // reader types that got `answer`
    int readers = 0;               // Read calls of this key under way: it is not forgotten
  };

  Source& source_;
  Fetch fetch_;
  Clock clock_;
  std::map<Key, Held> held_;
  // The readers earlier reads served (of any key): once a read has served them all, it is let
  // go. Learnt from reads already over, so the first cycle's readers share its reads too.
  std::set<std::string> readers_;
};

}  // namespace awsr::reconcilers::kit
