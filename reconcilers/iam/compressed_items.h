// An answer's items kept as one zstd frame between reads. IAM's answer is held for as long as it
// does not change and read again only when it does, so it is kept small rather than quick to
// reach: its 3,845 items at 10,000 resources were 1.49 MB as packed bytes, a vector each; one
// frame of them all compresses far better than each item alone, whose names and ARNs repeat
// from one item to the next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace awsr::reconcilers::iam {

// The items uncompressed, one after another: each its list and the length of its packed bytes
// (varints), then the bytes. Made to be compressed, or decompressed to be read.
class ItemStream {
 public:
  struct Item {
    std::size_t list = 0;
    std::span<const std::uint8_t> packed;  // into the stream: valid while it is
  };

  void Reserve(std::size_t bytes) { bytes_.reserve(bytes); }
  void Add(std::size_t list, std::span<const std::uint8_t> packed);

  // Calls `visit(item)` for each item, in the order they were added.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (std::size_t at = 0; at < bytes_.size();) visit(ItemAt(at));
  }

  std::size_t Size() const { return bytes_.size(); }

 private:
  friend class CompressedItems;
  // The item framed at `at`, which is moved past it.
  Item ItemAt(std::size_t& at) const;

  std::vector<std::uint8_t> bytes_;
};

class CompressedItems {
 public:
  // A fast level: a changed answer is compressed again whole, on the engine's thread.
  static constexpr int kLevel = 1;

  // No items.
  CompressedItems() = default;
  explicit CompressedItems(const ItemStream& stream);

  // The items again, as they were added: a temporary, for as long as a reader looks at them.
  ItemStream Decompress() const;

  std::size_t CompressedSize() const { return frame_.size(); }

 private:
  std::vector<std::uint8_t> frame_;  // empty for no items
};

}  // namespace awsr::reconcilers::iam
