// Tables for people at a terminal: columns padded to their widest cell, states coloured when
// the output is a terminal and plain when it is piped. Pure, so it is table-tested.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace awsr {

struct TerminalTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  int state_column = -1;  // the column whose cells are resource states, coloured by meaning
};

// The ANSI colour a state is shown in: green when settled, yellow while work is under way, red
// when it needs a person, dim when it has left. Empty for an unknown state.
std::string_view StateColour(std::string_view state);

std::string RenderTable(const TerminalTable& table, bool colour);

// `text` in the colour of `state`, or as it is without colour.
std::string ColourState(std::string_view state, bool colour);

}  // namespace awsr
