#include "daemon/base/packed_json.h"

#include <ostream>
#include <stdexcept>

#include "daemon/base/member_names.h"

namespace awsr {
namespace {

using json = nlohmann::json;
using Bytes = std::vector<std::uint8_t>;

// The big-endian unsigned number of `size` bytes at `at`.
std::uint64_t BigEndian(const Bytes& bytes, std::size_t at, std::size_t size) {
  if (at + size > bytes.size()) throw std::out_of_range("packed JSON ends early");
  std::uint64_t number = 0;
  for (std::size_t i = 0; i < size; ++i) number = (number << 8) | bytes[at + i];
  return number;
}

// How one MessagePack value is laid out from its first byte: the bytes of its header, the bytes
// of payload after them, and how many values nested in it follow (two per map entry).
struct Head {
  std::size_t header;
  std::uint64_t payload;
  std::uint64_t nested;
};

Head HeadAt(const Bytes& bytes, std::size_t at) {
  const std::uint8_t first = bytes.at(at);
  if (first <= 0x7f || first >= 0xe0 || first == 0xc0 || first == 0xc2 || first == 0xc3) {
    return {1, 0, 0};  // fixints, nil, booleans
  }
  if (first <= 0x8f) return {1, 0, 2u * (first & 0x0fu)};  // fixmap
  if (first <= 0x9f) return {1, 0, first & 0x0fu};         // fixarray
  if (first <= 0xbf) return {1, first & 0x1fu, 0};         // fixstr
  switch (first) {
    case 0xc4:  // bin8
    case 0xd9:  // str8
      return {2, BigEndian(bytes, at + 1, 1), 0};
    case 0xc5:
    case 0xda:
      return {3, BigEndian(bytes, at + 1, 2), 0};
    case 0xc6:
    case 0xdb:
      return {5, BigEndian(bytes, at + 1, 4), 0};
    case 0xc7:  // ext8: length, then the ext type byte
      return {3, BigEndian(bytes, at + 1, 1), 0};
    case 0xc8:
      return {4, BigEndian(bytes, at + 1, 2), 0};
    case 0xc9:
      return {6, BigEndian(bytes, at + 1, 4), 0};
    case 0xcc:  // uint8
    case 0xd0:  // int8
      return {1, 1, 0};
    case 0xcd:
    case 0xd1:
      return {1, 2, 0};
    case 0xca:  // float32
    case 0xce:
    case 0xd2:
      return {1, 4, 0};
    case 0xcb:  // float64
    case 0xcf:
    case 0xd3:
      return {1, 8, 0};
    case 0xd4:  // fixext 1, 2, 4, 8, 16: the ext type byte, then the data
      return {2, 1, 0};
    case 0xd5:
      return {2, 2, 0};
    case 0xd6:
      return {2, 4, 0};
    case 0xd7:
      return {2, 8, 0};
    case 0xd8:
      return {2, 16, 0};
    case 0xdc:  // array16
      return {3, 0, BigEndian(bytes, at + 1, 2)};
    case 0xdd:
      return {5, 0, BigEndian(bytes, at + 1, 4)};
    case 0xde:  // map16
      return {3, 0, 2 * BigEndian(bytes, at + 1, 2)};
    case 0xdf:
      return {5, 0, 2 * BigEndian(bytes, at + 1, 4)};
    default:
      throw std::invalid_argument("packed JSON: not MessagePack");  // 0xc1, never used
  }
}

bool IsMap(std::uint8_t first) {
  return (first >= 0x80 && first <= 0x8f) || first == 0xde || first == 0xdf;
}
bool IsString(std::uint8_t first) {
  return (first >= 0xa0 && first <= 0xbf) || (first >= 0xd9 && first <= 0xdb);
}

// Where the header and payload of `head`, which starts at `at` (within the bytes), end: an error
// past the bytes' end, whatever length the header claims.
std::size_t EndOf(const Bytes& bytes, std::size_t at, const Head& head) {
  const std::uint64_t room = bytes.size() - at;
  if (head.header > room || head.payload > room - head.header) {
    throw std::out_of_range("packed JSON ends early");
  }
  return at + head.header + static_cast<std::size_t>(head.payload);
}

// Where the value that starts at `at` ends: its nested values are stepped over, not decoded.
std::size_t SkipValue(const Bytes& bytes, std::size_t at) {
  std::uint64_t values_left = 1;
  while (values_left > 0) {
    const Head head = HeadAt(bytes, at);
    at = EndOf(bytes, at, head);
    values_left += head.nested - 1;
  }
  return at;
}

// A member name as the bytes hold it: a name with a code (member_names.h) as the two bytes of
// that code, each a UTF-8 continuation byte (0x80-0xBF), which no name's text begins with; a
// name that does begin with one (text that is not UTF-8), or with the escape 0xC0, behind 0xC0;
// any other name as its text. Names shorter than a code stay text: a code would not be shorter.
constexpr std::uint8_t kEscape = 0xc0;
constexpr std::size_t kShortestCoded = 3;

bool IsContinuation(char byte) { return (static_cast<std::uint8_t>(byte) & 0xc0u) == 0x80u; }

void WriteStringHeader(std::size_t size, Bytes& out) {
  if (size < 32) {
    out.push_back(static_cast<std::uint8_t>(0xa0u | size));
    return;
  }
  const std::size_t width = size < 0x100 ? 1 : size < 0x10000 ? 2 : 4;
  out.push_back(width == 1 ? 0xd9 : width == 2 ? 0xda : 0xdb);
  for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<std::uint8_t>(size >> (8 * i)));
}

void WriteName(std::string_view name, Bytes& out) {
  if (name.size() >= kShortestCoded) {
    if (const std::optional<std::uint16_t> code = MemberNames::Process().CodeOf(name)) {
      out.push_back(0xa2);  // a two-byte string
      out.push_back(static_cast<std::uint8_t>(0x80u | (*code >> 6u)));
      out.push_back(static_cast<std::uint8_t>(0x80u | (*code & 0x3fu)));
      return;
    }
  }
  const bool escaped =
      !name.empty() && (IsContinuation(name[0]) || static_cast<std::uint8_t>(name[0]) == kEscape);
  WriteStringHeader(name.size() + (escaped ? 1 : 0), out);
  if (escaped) out.push_back(kEscape);
  out.insert(out.end(), name.begin(), name.end());
}

std::string_view ReadName(std::string_view written) {
  if (!written.empty() && IsContinuation(written[0])) {
    if (written.size() != 2 || !IsContinuation(written[1])) {
      throw std::invalid_argument("packed JSON: a member name neither text nor a code");
    }
    return MemberNames::Process().NameOf(
        static_cast<std::uint16_t>(((static_cast<unsigned>(written[0]) & 0x3fu) << 6u) |
                                   (static_cast<unsigned>(written[1]) & 0x3fu)));
  }
  if (!written.empty() && static_cast<std::uint8_t>(written[0]) == kEscape) {
    return written.substr(1);
  }
  return written;
}

// Copies the value at `at` in `in` to `out`, each object member name in it written by
// WriteName; returns where the value ended.
std::size_t CopyWithShortNames(const Bytes& in, std::size_t at, Bytes& out) {
  const Head head = HeadAt(in, at);
  const bool object = IsMap(in[at]);
  const std::size_t end = EndOf(in, at, head);
  out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(at),
             in.begin() + static_cast<std::ptrdiff_t>(end));
  at = end;
  for (std::uint64_t nested = 0; nested < head.nested; ++nested) {
    if (object && nested % 2 == 0) {
      const Head name = HeadAt(in, at);
      const std::size_t value_at = EndOf(in, at, name);
      WriteName({reinterpret_cast<const char*>(in.data()) + at + name.header, name.payload}, out);
      at = value_at;
    } else {
      at = CopyWithShortNames(in, at, out);
    }
  }
  return at;
}

// nlohmann's DOM builder, handed each member's name as it was before WriteName.
class DomReader : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit DomReader(json& result) : json_sax_dom_parser(result) {}
  bool key(std::string& written) {
    std::string name(ReadName(written));
    return json_sax_dom_parser::key(name);
  }
};

json Read(std::span<const std::uint8_t> bytes) {
  json value;
  DomReader reader(value);
  json::sax_parse(bytes.begin(), bytes.end(), &reader, json::input_format_t::msgpack);
  return value;
}

// Hands `visit(name, begin, end)` each member of the outermost object, [begin, end) being its
// value's bytes, until it returns false. Nothing for a value that is no object.
template <typename Visit>
void ForEachMember(const Bytes& bytes, Visit visit) {
  if (bytes.empty() || !IsMap(bytes[0])) return;
  const Head object = HeadAt(bytes, 0);
  std::size_t at = object.header;
  for (std::uint64_t member = 0; member < object.nested / 2; ++member) {
    if (!IsString(bytes.at(at))) throw std::invalid_argument("packed JSON: a member name not text");
    const Head name = HeadAt(bytes, at);
    const std::size_t value_at = EndOf(bytes, at, name);
    const std::string_view text =
        ReadName({reinterpret_cast<const char*>(bytes.data()) + at + name.header, name.payload});
    const std::size_t next = SkipValue(bytes, value_at);
    if (!visit(text, value_at, next)) return;
    at = next;
  }
}

Bytes MessagePackOf(const json& value) {
  const Bytes written = json::to_msgpack(value);
  Bytes bytes;
  bytes.reserve(written.size());
  CopyWithShortNames(written, 0, bytes);
  bytes.shrink_to_fit();  // held for long: no growth room
  return bytes;
}

}  // namespace

PackedJson::PackedJson() : bytes_(MessagePackOf(json::object())) {}

PackedJson::PackedJson(const json& value) : bytes_(MessagePackOf(value)) {}

json PackedJson::Unpack() const { return Read(bytes_); }

json PackedJson::Unpack(std::span<const std::uint8_t> bytes) { return Read(bytes); }

std::vector<std::string> PackedJson::Keys() const {
  std::vector<std::string> keys;
  ForEachMember(bytes_, [&](std::string_view name, std::size_t, std::size_t) {
    keys.emplace_back(name);
    return true;
  });
  return keys;
}

bool PackedJson::Contains(std::string_view key) const {
  bool found = false;
  ForEachMember(bytes_, [&](std::string_view name, std::size_t, std::size_t) {
    found = name == key;
    return !found;  // stops at the first match
  });
  return found;
}

std::optional<json> PackedJson::Find(std::string_view key) const {
  std::optional<json> found;
  ForEachMember(bytes_, [&](std::string_view name, std::size_t begin, std::size_t end) {
    if (name != key) return true;
    found = Read(std::span<const std::uint8_t>(bytes_).subspan(begin, end - begin));
    return false;  // names are unique: the first is the one
  });
  return found;
}

const json PackedJson::operator[](std::string_view key) const {
  std::optional<json> member = Find(key);
  return member ? std::move(*member) : json();
}

void PackedJson::Set(std::string_view key, json value) {
  json whole = Unpack();
  whole[std::string(key)] = std::move(value);
  bytes_ = MessagePackOf(whole);
}

void PackedJson::Update(const json& members) {
  json whole = Unpack();
  whole.update(members);
  bytes_ = MessagePackOf(whole);
}

void PackedJson::Erase(std::string_view key) {
  json whole = Unpack();
  if (whole.is_object()) whole.erase(std::string(key));
  bytes_ = MessagePackOf(whole);
}

void PrintTo(const PackedJson& packed, std::ostream* out) { *out << packed.Unpack().dump(); }

}  // namespace awsr
