#include "daemon/base/packed_json.h"

#include <functional>
#include <ostream>

namespace awsr {
namespace {

using json = nlohmann::json;

// Hands each member name of the outermost object to `visit`, which returns false to stop the
// walk there; the values are skipped.
class TopLevelKeys : public nlohmann::json_sax<json> {
 public:
  explicit TopLevelKeys(std::function<bool(std::string&)> visit) : visit_(std::move(visit)) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Enter(); }
  bool key(string_t& name) override { return depth_ != 1 || visit_(name); }
  bool end_object() override { return Leave(); }
  bool start_array(std::size_t) override { return Enter(); }
  bool end_array() override { return Leave(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool Enter() {
    ++depth_;
    return true;
  }
  bool Leave() {
    --depth_;
    return true;
  }
  std::function<bool(std::string&)> visit_;
  int depth_ = 0;
};

// Walks the top-level member names of `bytes` (MessagePack) until `visit` returns false.
void VisitKeys(const std::vector<std::uint8_t>& bytes, std::function<bool(std::string&)> visit) {
  TopLevelKeys keys(std::move(visit));
  json::sax_parse(bytes.begin(), bytes.end(), &keys, json::input_format_t::msgpack);
}

std::vector<std::uint8_t> MessagePackOf(const json& value) {
  std::vector<std::uint8_t> bytes = json::to_msgpack(value);
  bytes.shrink_to_fit();  // held for long: no growth room
  return bytes;
}

}  // namespace

PackedJson::PackedJson() : bytes_(MessagePackOf(json::object())) {}

PackedJson::PackedJson(const json& value) : bytes_(MessagePackOf(value)) {}

json PackedJson::Unpack() const { return json::from_msgpack(bytes_); }

std::vector<std::string> PackedJson::Keys() const {
  std::vector<std::string> keys;
  VisitKeys(bytes_, [&](std::string& name) {
    keys.push_back(std::move(name));
    return true;
  });
  return keys;
}

bool PackedJson::Contains(std::string_view key) const {
  bool found = false;
  VisitKeys(bytes_, [&](const std::string& name) {
    found = name == key;
    return !found;  // stops at the first match
  });
  return found;
}

void PrintTo(const PackedJson& packed, std::ostream* out) { *out << packed.Unpack().dump(); }

}  // namespace awsr
