// ASCII case folding, as AWS's names and headers need it (locale-independent).
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace awsr {

inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace awsr
