// The object member names a packed value (packed_json.h) writes as a two-byte code instead of
// their text. The names every resource repeats ("SecurityGroupIngress", "FromPort", "CidrIp")
// were about half of a packed value's bytes; their distinct texts are a few hundred. A name is
// given the next code the first time it is packed and keeps it for as long as the table lives
// (the process's table: as long as the process). A table never shrinks, so it holds a bounded
// number of names; past that, names are written out in full. Codes are only ever in memory.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace awsr {

class MemberNames {
 public:
  // How many codes there are: a code is 12 bits.
  static constexpr std::uint16_t kCodes = 4096;

  explicit MemberNames(std::uint16_t capacity = kCodes);
  MemberNames(const MemberNames&) = delete;
  MemberNames& operator=(const MemberNames&) = delete;

  // The table packed values use, for the whole process.
  static MemberNames& Process();

  // The code of `name`, given now when it has none and the table has room; nullopt: the table
  // is full and `name` is not in it.
  std::optional<std::uint16_t> CodeOf(std::string_view name);
  // The name given `code`. Throws std::out_of_range for a code not given (bytes not written
  // with this table). Reads without the lock CodeOf takes.
  std::string_view NameOf(std::uint16_t code) const;

 private:
  const std::uint16_t capacity_;
  std::mutex mutex_;               // held to give a code
  std::deque<std::string> names_;  // a deque: each name stays where it is as more are added
  std::unordered_map<std::string_view, std::uint16_t> codes_;  // keyed by views of names_
  std::array<std::atomic<const std::string*>, kCodes> by_code_{};
};

}  // namespace awsr
