#include "config/dependency_graph.h"

#include <gtest/gtest.h>

namespace awsr::config {
namespace {

TEST(FindCyclesTest, FindsEachLoopOnce) {
  const struct {
    std::string reason;
    DependencyGraph graph;
    std::vector<std::vector<std::string>> expected;
  } rows[] = {
      {"no edges", {{"A", {}}, {"B", {}}}, {}},
      {"a chain", {{"A", {"B"}}, {"B", {"C"}}, {"C", {}}}, {}},
      {"a diamond", {{"A", {"B", "C"}}, {"B", {"D"}}, {"C", {"D"}}, {"D", {}}}, {}},
      {"edges to unknown IDs are ignored", {{"A", {"Missing"}}}, {}},
      {"self reference", {{"A", {"A"}}}, {{"A", "A"}}},
      {"two resources", {{"A", {"B"}}, {"B", {"A"}}}, {{"A", "B", "A"}}},
      {"three resources, path in edge order", {{"A", {"C"}}, {"B", {"A"}}, {"C", {"B"}}},
       {{"A", "C", "B", "A"}}},
      {"two separate loops", {{"A", {"B"}}, {"B", {"A"}}, {"C", {"C"}}},
       {{"A", "B", "A"}, {"C", "C"}}},
  };
  for (const auto& row : rows) EXPECT_EQ(FindCycles(row.graph), row.expected) << row.reason;
}

}  // namespace
}  // namespace awsr::config
