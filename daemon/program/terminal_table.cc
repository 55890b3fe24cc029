#include "daemon/program/terminal_table.h"

#include <algorithm>

namespace awsr {
namespace {

constexpr std::string_view kReset = "\033[0m";

// Widths count code points, so names and messages with accents line up.
std::size_t DisplayWidth(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

std::string_view StateColour(std::string_view state) {
  if (state == "Ready") return "\033[32m";
  if (state == "Pending" || state == "Creating" || state == "Updating" || state == "Deleting" ||
      state == "Drifted") {
    return "\033[33m";
  }
  if (state == "Error" || state == "Conflict" || state == "NeedsReplacement" || state == "Held") {
    return "\033[31m";
  }
  if (state == "Deleted" || state == "Released" || state == "ObserveOnly") return "\033[2m";
  return "";
}

std::string ColourState(std::string_view state, bool colour) {
  const std::string_view start = colour ? StateColour(state) : "";
  if (start.empty()) return std::string(state);
  return std::string(start) + std::string(state) + std::string(kReset);
}

std::string RenderTable(const TerminalTable& table, bool colour) {
  std::vector<std::size_t> widths(table.headers.size(), 0);
  const auto measure = [&widths](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(cells[i]));
    }
  };
  measure(table.headers);
  for (const auto& row : table.rows) measure(row);

  std::string out;
  const auto append = [&](const std::vector<std::string>& cells, bool is_header) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      const bool last = i + 1 == widths.size();
      const bool coloured = !is_header && static_cast<int>(i) == table.state_column;
      line += coloured ? ColourState(cell, colour) : cell;
      if (!last) line += std::string(widths[i] - DisplayWidth(cell) + 2, ' ');
    }
    while (line.ends_with(' ')) line.pop_back();
    out += line + "\n";
  };
  append(table.headers, true);
  for (const auto& row : table.rows) append(row, false);
  return out;
}

}  // namespace awsr
