#include "config/sub_template.h"

namespace awsr::config {
namespace {

void AppendLiteral(std::vector<SubPart>& parts, std::string_view text) {
  if (text.empty()) return;
  if (!parts.empty() && !parts.back().is_variable) {
    parts.back().text += text;
  } else {
    parts.push_back({false, std::string(text)});
  }
}

}  // namespace

Result<std::vector<SubPart>> ParseSubTemplate(std::string_view text) {
  std::vector<SubPart> parts;
  while (!text.empty()) {
    const auto open = text.find("${");
    const auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      AppendLiteral(parts, text);
      break;
    }
    AppendLiteral(parts, text.substr(0, open));
    std::string_view name = text.substr(open + 2, close - open - 2);
    if (name.starts_with('!')) {
      AppendLiteral(parts, "${");
      AppendLiteral(parts, name.substr(1));
      AppendLiteral(parts, "}");
    } else if (name.empty() || name.find_first_of(" \t\n${") != std::string_view::npos) {
      return MakeError(ErrorKind::kInvalidSpec,
                       "Fn::Sub: invalid variable \"${" + std::string(name) + "}\"");
    } else {
      parts.push_back({true, std::string(name)});
    }
    text.remove_prefix(close + 1);
  }
  return parts;
}

}  // namespace awsr::config
