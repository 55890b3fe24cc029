#include "reconcilers/kit/observed_memo.h"

#include <algorithm>
#include <utility>

namespace awsr::reconcilers::kit {

struct ObservedMemo::Read::Held {
  using Entry = std::pair<ShortDigest, engine::SharedObserved>;

  explicit Held(std::vector<Entry> unsorted) : entries(std::move(unsorted)) {
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.first < b.first; });
  }

  // The resource held for `digest`, or null.
  const engine::SharedObserved* Find(const ShortDigest& digest) const {
    const auto at = std::lower_bound(
        entries.begin(), entries.end(), digest,
        [](const Entry& entry, const ShortDigest& wanted) { return entry.first < wanted; });
    return at != entries.end() && at->first == digest ? &at->second : nullptr;
  }

  std::vector<Entry> entries;
};

ObservedMemo::ObservedMemo()
    : held_(std::make_shared<const Read::Held>(std::vector<Read::Held::Entry>())) {}

std::size_t ObservedMemo::size() const { return held_->entries.size(); }

ObservedMemo::Read ObservedMemo::Start(std::string list) const {
  Read read;
  read.held_ = held_;
  read.digests_ = std::make_shared<const aws::ItemDigests>(aws::ItemDigests{
      {std::move(list)},
      [held = held_](const ShortDigest& digest) { return held->Find(digest) != nullptr; }});
  return read;
}

engine::ObservedList ObservedMemo::Finish(const Read& read, std::vector<aws::DigestedItem> items,
                                          const Convert& convert, const HeldEqual& held_equal) {
  // A steady read finds every item it held, and no other: the memo stays as it is. Not made
  // again, it is not allocated among the read's temporaries, where each of its thousands of
  // entries kept a page of them in use after they were freed (RSS, #16).
  if (items.size() == read.held_->entries.size() && read.held_ == held_) {
    std::vector<engine::SharedObserved> resources;
    resources.reserve(items.size());
    for (const aws::DigestedItem& item : items) {
      const engine::SharedObserved* held = held_->Find(item.digest);
      if (held == nullptr) break;
      resources.push_back(*held);
    }
    if (resources.size() == items.size()) return engine::ObservedList(std::move(resources));
  }
  std::vector<Read::Held::Entry> now;
  now.reserve(items.size());
  std::vector<engine::SharedObserved> resources;
  resources.reserve(items.size());
  for (aws::DigestedItem& item : items) {
    engine::SharedObserved made;
    if (const engine::SharedObserved* held = read.held_->Find(item.digest)) {
      made = *held;
    } else {
      engine::ObservedResource fresh = convert(item.value);
      if (held_equal) made = held_equal(fresh);
      if (!made) made = engine::ShareObserved(std::move(fresh));
    }
    resources.push_back(made);
    now.emplace_back(item.digest, std::move(made));
  }
  held_ = std::make_shared<const Read::Held>(std::move(now));
  return engine::ObservedList(std::move(resources));
}

}  // namespace awsr::reconcilers::kit
