#include "reconcilers/iam/compressed_items.h"

#include <zstd.h>

#include <stdexcept>
#include <string>

namespace awsr::reconcilers::iam {
namespace {

using Bytes = std::vector<std::uint8_t>;

// Little-endian base-128: seven bits a byte, the high bit set on all but the last.
void WriteVarint(std::uint64_t number, Bytes& out) {
  while (number >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(number | 0x80));
    number >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(number));
}

std::uint64_t ReadVarint(const Bytes& in, std::size_t& at) {
  std::uint64_t number = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (at >= in.size()) throw std::logic_error("item stream: a varint ends early");
    const std::uint8_t byte = in[at++];
    number |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return number;
  }
  throw std::logic_error("item stream: a varint too long");
}

// Only a frame this process made is read: a failure is a broken invariant, or no memory.
std::size_t Checked(std::size_t result, const char* what) {
  if (ZSTD_isError(result)) {
    throw std::runtime_error(std::string(what) + ": " + ZSTD_getErrorName(result));
  }
  return result;
}

}  // namespace

void ItemStream::Add(std::size_t list, std::span<const std::uint8_t> packed) {
  WriteVarint(list, bytes_);
  WriteVarint(packed.size(), bytes_);
  bytes_.insert(bytes_.end(), packed.begin(), packed.end());
}

ItemStream::Item ItemStream::ItemAt(std::size_t& at) const {
  Item item;
  item.list = ReadVarint(bytes_, at);
  const std::uint64_t size = ReadVarint(bytes_, at);
  if (size > bytes_.size() - at) throw std::logic_error("item stream: an item ends early");
  item.packed = std::span<const std::uint8_t>(bytes_).subspan(at, size);
  at += size;
  return item;
}

CompressedItems::CompressedItems(const ItemStream& stream) {
  if (stream.bytes_.empty()) return;
  // Compressed into the bound, then copied to a vector of its size: it is held for long.
  Bytes bound(ZSTD_compressBound(stream.bytes_.size()));
  const std::size_t size = Checked(
      ZSTD_compress(bound.data(), bound.size(), stream.bytes_.data(), stream.bytes_.size(), kLevel),
      "zstd compression");
  frame_.assign(bound.begin(), bound.begin() + static_cast<std::ptrdiff_t>(size));
}

ItemStream CompressedItems::Decompress() const {
  ItemStream stream;
  if (frame_.empty()) return stream;
  const unsigned long long size = ZSTD_getFrameContentSize(frame_.data(), frame_.size());
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR) {
    throw std::logic_error("zstd frame without its size");
  }
  stream.bytes_.resize(size);
  const std::size_t written = Checked(
      ZSTD_decompress(stream.bytes_.data(), stream.bytes_.size(), frame_.data(), frame_.size()),
      "zstd decompression");
  if (written != size) throw std::logic_error("zstd frame shorter than its size");
  return stream;
}

}  // namespace awsr::reconcilers::iam
