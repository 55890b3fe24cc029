// A JSON value kept as its MessagePack bytes, for what is held long and read seldom (a file's
// declared properties, IAM's answer between changes). A DOM costs a map node and often a heap
// string per member; the bytes are a fraction of that: at 10,000 declarations, ~12 MB as DOMs.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace awsr {

class PackedJson {
 public:
  // An empty object.
  PackedJson();
  // Implicit, as the value it holds.
  PackedJson(const nlohmann::json& value);  // NOLINT(google-explicit-constructor)

  // A DOM of the value, made anew at each call.
  nlohmann::json Unpack() const;
  // An object's member names in order, read from the bytes without making a DOM; none for a
  // value that is not an object.
  std::vector<std::string> Keys() const;
  bool Contains(std::string_view key) const;
  const std::vector<std::uint8_t>& Bytes() const { return bytes_; }

  // Equal bytes: equal values (object members are sorted) written with the same number types.
  friend bool operator==(const PackedJson&, const PackedJson&) = default;
  friend bool operator==(const PackedJson& packed, const nlohmann::json& value) {
    return packed.Unpack() == value;
  }
  // For test failure messages.
  friend void PrintTo(const PackedJson& packed, std::ostream* out);

 private:
  std::vector<std::uint8_t> bytes_;
};

}  // namespace awsr
