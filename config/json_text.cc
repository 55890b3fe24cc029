#include "config/json_text.h"

#include <set>
#include <vector>

namespace awsr::config {
namespace {

using nlohmann::json;

// Depth of the deepest object or array, counted without parsing (strings are skipped).
int NestingDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

// Follows the parser through the document to know the pointer of each key it reads.
class DuplicateKeyFinder {
 public:
  bool OnEvent(json::parse_event_t event, const json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        frames_.push_back({event == json::parse_event_t::object_start, {}, {}, 0});
        break;
      case json::parse_event_t::key:
        OnKey(parsed.get<std::string>());
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        ElementDone();
        break;
      case json::parse_event_t::value:
        ElementDone();
        break;
    }
    return true;
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

  void OnKey(std::string key) {
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
    frame.key = std::move(key);
  }
  void ElementDone() {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().index;
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
  if (NestingDepth(text) > kMaxJsonDepth) {
    result.error = "invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return result;
  }
  DuplicateKeyFinder finder;
  try {
    result.value = json::parse(text, [&finder](int, json::parse_event_t event, json& parsed) {
      return finder.OnEvent(event, parsed);
    });
  } catch (const json::parse_error& e) {
    result.error = "invalid JSON (byte " + std::to_string(e.byte) + "): " + WithoutTag(e.what());
    return result;
  } catch (const json::exception& e) {  // a number too large for any C++ type
    result.error = "invalid JSON: " + WithoutTag(e.what());
    return result;
  }
  if (finder.found()) {
    result.error = "duplicate key";
    result.error_pointer = finder.duplicate_pointer();
  }
  return result;
}

}  // namespace awsr::config
