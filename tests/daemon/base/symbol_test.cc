// A symbol reads as the text it was made from, one text is held once however many symbols are
// made of it, from however many threads, and it is let go with its last holder.
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

TEST(SymbolTest, ATextIsLetGoWithItsLastHolder) {
  const std::size_t before = Symbol::HeldTexts();
  {
    Symbol first("symbol-test-let-go");
    EXPECT_EQ(Symbol::HeldTexts(), before + 1);
    Symbol second = first;
    Symbol third(std::string("symbol-test-let-go"));
    first = Symbol();
    third = second;
    const Symbol& same = third;
    third = same;
    Symbol moved = std::move(second);
    EXPECT_EQ(Symbol::HeldTexts(), before + 1);
    EXPECT_EQ(moved, "symbol-test-let-go");
    EXPECT_EQ(third, "symbol-test-let-go");
  }
  EXPECT_EQ(Symbol::HeldTexts(), before);
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
  const std::size_t before = Symbol::HeldTexts();
  std::vector<std::vector<Symbol>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &made] {
      for (int round = 0; round < 3; ++round) {
        std::vector<Symbol> symbols;
        for (int i = 0; i < kTexts; ++i) {
          symbols.emplace_back("symbol-test-text-" + std::to_string(i));
        }
        made[t] = symbols;  // copies made and let go while the other threads do the same
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kTexts; ++i) EXPECT_EQ(&made[t][i].str(), &made[0][i].str());
  }
  EXPECT_EQ(made[3][7], "symbol-test-text-7");
  EXPECT_EQ(Symbol::HeldTexts(), before + kTexts);
  made.clear();
  EXPECT_EQ(Symbol::HeldTexts(), before);
}

}  // namespace
}  // namespace awsr::symbol_test
