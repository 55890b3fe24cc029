// A JSON value kept as its MessagePack bytes, for what is held long and read seldom (a file's
// declared properties, an observed resource's properties, IAM's answer between changes). A DOM
// costs a map node and often a heap string per member; the bytes are a fraction of that: at
// 10,000 declarations, ~12 MB as DOMs. Member names are written as a two-byte code of the
// process's table (member_names.h), not their text, which was half of the bytes again: the
// bytes are MessagePack, but only this class reads them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
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
  // A value written in place, as `properties = {{"Name", name}, ...}`.
  PackedJson& operator=(const nlohmann::json& value) { return *this = PackedJson(value); }

  // A DOM of the value, made anew at each call.
  nlohmann::json Unpack() const;
  // A DOM of bytes a PackedJson's Bytes() gave in this process (its member names are codes of
  // the process's table), read where they lie: IAM keeps its answer's items' bytes together.
  static nlohmann::json Unpack(std::span<const std::uint8_t> bytes);
  // Implicit, so a packed value is read wherever a JSON value is: a DOM made anew.
  operator nlohmann::json() const { return Unpack(); }  // NOLINT(google-explicit-constructor)

  // An object's member names in order, read from the bytes without making a DOM; none for a
  // value that is not an object.
  std::vector<std::string> Keys() const;
  bool Contains(std::string_view key) const;
  // One member of an object, unpacked alone (the others are skipped over, not made); nullopt
  // when it has no such member or is no object.
  std::optional<nlohmann::json> Find(std::string_view key) const;
  // The member, or null. Const: `packed["Name"] = value` would change a copy, so it does not
  // compile; Set changes a member.
  const nlohmann::json operator[](std::string_view key) const;
  // As nlohmann's value(): the member converted to T when there is one, else `fallback`.
  template <typename T>
  T Value(std::string_view key, const T& fallback) const {
    std::optional<nlohmann::json> member = Find(key);
    return member ? member->get<T>() : fallback;
  }
  std::string Value(std::string_view key, const char* fallback) const {
    return Value(key, std::string(fallback));
  }
  // Sets (or, for Erase, removes) one member of an object: the value is unpacked and packed
  // again, so a resource being made sets its properties as one DOM, not member by member.
  void Set(std::string_view key, nlohmann::json value);
  void Erase(std::string_view key);
  // Sets each member of `members` (an object), as nlohmann's update(): one unpack, one pack.
  void Update(const nlohmann::json& members);

  const std::vector<std::uint8_t>& Bytes() const { return bytes_; }
  std::string_view View() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

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
