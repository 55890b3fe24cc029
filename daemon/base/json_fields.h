// Reading members of JSON that came from outside (AWS answers, files, credential helpers)
// without trusting their types.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace awsr {

// A string member; "" when `object` is not an object, or the member is absent or not a string.
std::string StringField(const nlohmann::json& object, std::string_view member);

// The member `member` of `object` as a T; `fallback` when `object` is not an object (a null
// holds nothing yet) or has no such member. nlohmann's value() throws on a null.
template <typename T>
T MemberOr(const nlohmann::json& object, const char* member, T fallback) {
  return object.is_object() ? object.value(member, std::move(fallback)) : fallback;
}

// JSON text that never throws: strings that are not valid UTF-8 (a file name, a byte quoted in a
// parse error, an AWS answer) have each bad byte replaced by U+FFFD, where nlohmann's dump()
// would throw. Use it for everything written out: API answers, the status file, request bodies.
std::string DumpJson(const nlohmann::json& value, int indent = -1);

// The JSON texts of `items` (text_of each) joined into one JSON array, the bytes DumpJson writes
// for the array of what they hold; in one buffer sized up front.
template <typename Items, typename TextOf>
std::string JoinJsonTexts(const Items& items, TextOf text_of) {
  std::size_t size = 2;
  for (const auto& item : items) size += text_of(item).size() + 1;
  std::string text;
  text.reserve(size);
  text += '[';
  for (const auto& item : items) {
    if (text.size() > 1) text += ',';
    text += text_of(item);
  }
  text += ']';
  return text;
}

// Depth of the deepest object or array in JSON text, counted without parsing (strings are
// skipped): deeper documents are refused before parsing, so recursive walks stay bounded.
int JsonNestingDepth(std::string_view text);

// A boolean as AWS and files may write it: true, or "true" (XML answers carry text).
bool IsTrue(const nlohmann::json& value);

}  // namespace awsr
