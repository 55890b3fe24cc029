#include "daemon/program/terminal_table.h"

#include <gtest/gtest.h>

namespace awsr {
namespace {

TEST(TerminalTableTest, PadsColumnsToTheirWidestCellAndTrimsLineEnds) {
  const TerminalTable table{
      {"ID", "STATE", "NOTE"}, {{"MainVpc", "Ready", ""}, {"Db", "Error", "quota"}}, 1};
  EXPECT_EQ(RenderTable(table, false),
            "ID       STATE  NOTE\n"
            "MainVpc  Ready\n"
            "Db       Error  quota\n");
}

TEST(TerminalTableTest, ColoursOnlyTheStateColumnAndOnlyWhenAsked) {
  const TerminalTable table{{"ID", "STATE"}, {{"Ready", "Ready"}}, 1};
  EXPECT_EQ(RenderTable(table, true), "ID     STATE\nReady  \033[32mReady\033[0m\n");
  EXPECT_EQ(RenderTable(table, false).find('\033'), std::string::npos);
}

TEST(TerminalTableTest, WidthCountsCharactersNotBytes) {
  const TerminalTable table{{"A", "B"}, {{"é", "x"}, {"ab", "y"}}, -1};
  EXPECT_EQ(RenderTable(table, false), "A   B\né   x\nab  y\n");
}

TEST(TerminalTableTest, StatesAreColouredByWhatTheyAskOfAPerson) {
  struct Case {
    const char* state;
    const char* colour;
  };
  for (const Case& c :
       {Case{"Ready", "\033[32m"}, Case{"Pending", "\033[33m"}, Case{"Drifted", "\033[33m"},
        Case{"Error", "\033[31m"}, Case{"Conflict", "\033[31m"}, Case{"Held", "\033[31m"},
        Case{"Released", "\033[2m"}, Case{"Unheard", ""}}) {
    EXPECT_EQ(StateColour(c.state), c.colour) << c.state;
  }
  EXPECT_EQ(ColourState("Unheard", true), "Unheard");
}

}  // namespace
}  // namespace awsr
