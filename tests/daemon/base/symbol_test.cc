// A symbol reads as the text it was made from, and one text is held once however many symbols
// are made of it, from however many threads.
#include "daemon/base/symbol.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace awsr::symbol_test {
namespace {

TEST(SymbolTest, ReadsAsTheTextItWasMadeFrom) {
  const std::string type = "AWS::EC2::SecurityGroup";
  const Symbol symbol(type);
  EXPECT_EQ(symbol.str(), type);
  EXPECT_EQ(std::string_view(symbol), "AWS::EC2::SecurityGroup");
  EXPECT_EQ(symbol, "AWS::EC2::SecurityGroup");
  EXPECT_EQ(symbol, type);
  EXPECT_NE(symbol, "AWS::EC2::Subnet");
  EXPECT_EQ(symbol.size(), type.size());
  EXPECT_TRUE(Symbol().empty());
  EXPECT_EQ(Symbol(""), Symbol());
}

TEST(SymbolTest, OneTextIsHeldOnce) {
  const Symbol a(std::string("ReconcileSuccess"));
  const Symbol b("ReconcileSuccess");
  EXPECT_EQ(&a.str(), &b.str());
  EXPECT_EQ(a, b);
  EXPECT_NE(&a.str(), &Symbol("ReconcileError").str());
}

TEST(SymbolTest, OrdersAsItsText) {
  const std::set<Symbol> sorted = {"us-west-2", "eu-west-1", "us-east-1", "eu-west-1"};
  const std::vector<std::string> texts(sorted.begin(), sorted.end());
  EXPECT_EQ(texts, (std::vector<std::string>{"eu-west-1", "us-east-1", "us-west-2"}));
  EXPECT_LT(Symbol("Ready"), Symbol("Synced"));
  EXPECT_GT(Symbol("b"), std::string_view("a"));
}

TEST(SymbolTest, ThreadsMakingTheSameTextsShareOneCopyOfEach) {
  constexpr int kThreads = 4;
  constexpr int kTexts = 200;
  std::vector<std::vector<const std::string*>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &seen] {
      for (int i = 0; i < kTexts; ++i) {
        seen[t].push_back(&Symbol("symbol-test-text-" + std::to_string(i)).str());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 1; t < kThreads; ++t) EXPECT_EQ(seen[t], seen[0]);
  EXPECT_EQ(*seen[0][7], "symbol-test-text-7");
}

}  // namespace
}  // namespace awsr::symbol_test
