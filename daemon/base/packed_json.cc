#include "daemon/base/packed_json.h"

#include <ostream>

namespace awsr {
namespace {

using json = nlohmann::json;

// Collects the member names of the outermost object; the values are skipped.
class TopLevelKeys : public nlohmann::json_sax<json> {
 public:
  std::vector<std::string> keys;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Enter(); }
  bool key(string_t& name) override {
    if (depth_ == 1) keys.push_back(std::move(name));
    return true;
  }
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
  int depth_ = 0;
};

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
  TopLevelKeys keys;
  json::sax_parse(bytes_.begin(), bytes_.end(), &keys, json::input_format_t::msgpack);
  return std::move(keys.keys);
}

bool PackedJson::Contains(std::string_view key) const {
  for (const std::string& name : Keys()) {
    if (name == key) return true;
  }
  return false;
}

void PrintTo(const PackedJson& packed, std::ostream* out) { *out << packed.Unpack().dump(); }

}  // namespace awsr
