#include "config/json_text.h"

#include <set>
#include <vector>

#include "daemon/base/json_fields.h"

namespace awsr::config {
namespace {

using nlohmann::json;

// A SAX pass that knows the pointer of each key it reads, to name the first duplicate key. A
// pass of its own, because nlohmann's DOM callback parser is quadratic in an object's size.
class DuplicateKeyFinder : public json::json_sax_t {
 public:
  bool null() override { return ElementDone(); }
  bool boolean(bool) override { return ElementDone(); }
  bool number_integer(json::number_integer_t) override { return ElementDone(); }
  bool number_unsigned(json::number_unsigned_t) override { return ElementDone(); }
  bool number_float(json::number_float_t, const json::string_t&) override { return ElementDone(); }
  bool string(json::string_t&) override { return ElementDone(); }
  bool binary(json::binary_t&) override { return ElementDone(); }
  bool start_object(std::size_t) override { return Open(true); }
  bool start_array(std::size_t) override { return Open(false); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }
  bool key(json::string_t& key) override {
    Frame& frame = frames_.back();
    if (!frame.keys.insert(key).second && !found_) {
      found_ = true;
      json::json_pointer pointer;
      for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
        const Frame& outer = frames_[i];
        pointer /= outer.is_object ? outer.key : std::to_string(outer.index);
      }
      duplicate_pointer_ = (pointer / key).to_string();
    }
    frame.key = key;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;  // the DOM parse has reported it already
  }

  const std::string& duplicate_pointer() const { return duplicate_pointer_; }
  bool found() const { return found_; }

 private:
  struct Frame {
    bool is_object;
    std::set<std::string> keys;
    std::string key;    // the member being read, in an object
    std::size_t index;  // the element being read, in an array
  };

  bool Open(bool is_object) {
    frames_.push_back({is_object, {}, {}, 0});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return ElementDone();
  }
  bool ElementDone() {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().index;
    return true;
  }

  std::vector<Frame> frames_;
  bool found_ = false;
  std::string duplicate_pointer_;
};

// The parser's message without its "[json.exception.parse_error.101] " tag.
std::string WithoutTag(std::string_view what) {
  if (auto end = what.find("] "); end != std::string_view::npos) what.remove_prefix(end + 2);
  return std::string(what);
}

}  // namespace

JsonText ParseJsonText(std::string_view text) {
  JsonText result;
  if (JsonNestingDepth(text) > kMaxJsonDepth) {
    result.error = "invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return result;
  }
  try {
    result.value = json::parse(text);
  } catch (const json::parse_error& e) {
    result.error = "invalid JSON (byte " + std::to_string(e.byte) + "): " + WithoutTag(e.what());
    return result;
  } catch (const json::exception& e) {  // a number too large for any C++ type
    result.error = "invalid JSON: " + WithoutTag(e.what());
    return result;
  }
  DuplicateKeyFinder finder;
  json::sax_parse(text, &finder);
  if (finder.found()) {
    result.error = "duplicate key";
    result.error_pointer = finder.duplicate_pointer();
  }
  return result;
}

}  // namespace awsr::config
