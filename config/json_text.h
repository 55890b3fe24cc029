// Strict reading of a JSON document from text, for files written by people.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace awsr::config {

// Deeper documents are refused before parsing, so every recursive walk over a parsed document
// has a bounded depth.
inline constexpr int kMaxJsonDepth = 64;

struct JsonText {
  nlohmann::json value;
  std::string error;          // empty when the text was read
  std::string error_pointer;  // where the error is, when it is inside the document (RFC 6901)
  bool ok() const { return error.empty(); }
};

// Parses one JSON document. Beyond syntax errors (reported with byte offset, line and column),
// refuses duplicate object keys: parsers keep only one of them, so a duplicated logical ID would
// make a resource vanish without a word.
JsonText ParseJsonText(std::string_view text);

}  // namespace awsr::config
