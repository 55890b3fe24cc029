#include "reconcilers/kit/observed_memo.h"

namespace awsr::reconcilers::kit {

ObservedMemo::Read ObservedMemo::Start(std::string list) const {
  Read read;
  read.held_ = held_;
  read.digests_ = std::make_shared<const aws::ItemDigests>(aws::ItemDigests{
      {std::move(list)},
      [held = held_](const ShortDigest& digest) { return held->contains(digest); }});
  return read;
}

engine::ObservedList ObservedMemo::Finish(const Read& read, std::vector<aws::DigestedItem> items,
                                          const Convert& convert, const HeldEqual& held_equal) {
  // A steady read finds every item it held, and no other: the memo stays as it is. Not made
  // again, it is not allocated among the read's temporaries, where each of its thousands of
  // entries kept a page of them in use after they were freed (RSS, #16).
  if (items.size() == read.held_->size() && read.held_ == held_) {
    std::vector<engine::SharedObserved> resources;
    resources.reserve(items.size());
    for (const aws::DigestedItem& item : items) {
      const auto held = held_->find(item.digest);
      if (held == held_->end()) break;
      resources.push_back(held->second);
    }
    if (resources.size() == items.size()) return engine::ObservedList(std::move(resources));
  }
  auto now = std::make_shared<Read::Held>();
  now->reserve(items.size());
  std::vector<engine::SharedObserved> resources;
  resources.reserve(items.size());
  for (aws::DigestedItem& item : items) {
    engine::SharedObserved made;
    if (const auto held = read.held_->find(item.digest); held != read.held_->end()) {
      made = held->second;
    } else {
      engine::ObservedResource fresh = convert(item.value);
      if (held_equal) made = held_equal(fresh);
      if (!made) made = engine::ShareObserved(std::move(fresh));
    }
    resources.push_back(made);
    now->emplace(item.digest, std::move(made));
  }
  held_ = std::move(now);
  return engine::ObservedList(std::move(resources));
}

}  // namespace awsr::reconcilers::kit
