// Do no work for what did not change, one level below the engine's fingerprints: what a type
// made of each item of its bulk describe at the last read, by the digest of the item's bytes
// (aws::DigestedItem). An item AWS returns again byte for byte is not converted again; its
// resource is handed back as it was made. Holds one read: each read replaces the last, so what
// AWS stopped returning is dropped.
//
// The conversion must be a pure function of the item (and of what picks the memo, the region):
// a resource the engine later changes (details read, tags written) is its own copy.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/xml_to_json.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::kit {

class ObservedMemo {
 public:
  using Convert = std::function<engine::ObservedResource(const nlohmann::json& item)>;

  // One read under way: started before the call, finished with what the call returned. Reads
  // may overlap; each finds what the memo held when it started.
  class Read {
   public:
    // For CallRequest::item_digests: the items of `list` this read need not convert.
    const std::shared_ptr<const aws::ItemDigests>& digests() const { return digests_; }

   private:
    friend class ObservedMemo;
    // Sorted by digest, in one block of exactly its entries: a node per item was allocated
    // among a read's temporaries, and kept the slabs they shared partly used once they were
    // freed; a hashed table's spare slots were half as much again (RSS, #16).
    struct Held;

    std::shared_ptr<const Held> held_;
    std::shared_ptr<const aws::ItemDigests> digests_;
  };

  ObservedMemo();

  Read Start(std::string list) const;
  // What the engine holds equal to a resource just made.
  using HeldEqual = decltype(engine::ObserveScope::held_equal);

  // The read's resources in AWS's order, `convert` asked only for items not held; the memo then
  // holds this read. An item held is handed back as the same shared resource, and so is one
  // `held_equal` finds the engine holds already.
  engine::ObservedList Finish(const Read& read, std::vector<aws::DigestedItem> items,
                              const Convert& convert, const HeldEqual& held_equal = {});
  std::size_t size() const;

 private:
  std::shared_ptr<const Read::Held> held_;
};

}  // namespace awsr::reconcilers::kit
