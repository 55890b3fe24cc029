// An IAM answer kept packed and compressed: its items are handed out by list, in the answer's
// order.
#include "reconcilers/iam/account_read.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

// The read of a stream of (list, item) pairs, as IamSnapshot keeps one.
AccountRead ReadOf(std::uint64_t number, const std::vector<std::pair<AccountList, json>>& items) {
  ItemStream stream;
  for (const auto& [list, item] : items) {
    stream.Add(static_cast<std::size_t>(list), PackedJson(item).Bytes());
  }
  return AccountRead(number, std::make_shared<const CompressedItems>(stream));
}

TEST(AccountReadTest, EachListsItemsComeInTheAnswersOrderOneAtATime) {
  const AccountRead read = ReadOf(7, {{AccountList::kUsers, {{"UserName", "a"}}},
                                      {AccountList::kRoles, {{"RoleName", "r"}}},
                                      {AccountList::kUsers, {{"UserName", "b"}}},
                                      {AccountList::kPolicies, {{"PolicyName", "p"}}}});
  EXPECT_EQ(read.Number(), 7u);
  const auto list = [&](AccountList which) {
    json seen = json::array();
    read.ForEach(which, [&](const json& item) { seen.push_back(item); });
    return seen;
  };
  EXPECT_EQ(list(AccountList::kUsers), json::array({{{"UserName", "a"}}, {{"UserName", "b"}}}));
  EXPECT_EQ(list(AccountList::kGroups), json::array());
  EXPECT_EQ(list(AccountList::kRoles), json::array({{{"RoleName", "r"}}}));
  EXPECT_EQ(list(AccountList::kPolicies), json::array({{{"PolicyName", "p"}}}));
}

// The frame gives back each item's list and bytes as added, a long item (its length more than
// one varint byte) and an empty one alike, and no items for none.
TEST(AccountReadTest, CompressedItemsComeBackAsAdded) {
  const std::vector<std::uint8_t> long_item(100000, 0x5a);
  const std::vector<std::uint8_t> short_item = {1, 2, 3};
  ItemStream stream;
  stream.Add(3, short_item);
  stream.Add(200, long_item);
  stream.Add(0, {});
  const CompressedItems compressed(stream);
  EXPECT_LT(compressed.CompressedSize(), stream.Size() / 10) << "repeated bytes compress";
  std::vector<std::pair<std::size_t, std::vector<std::uint8_t>>> seen;
  compressed.Decompress().ForEach([&](const ItemStream::Item& item) {
    seen.emplace_back(item.list, std::vector<std::uint8_t>(item.packed.begin(), item.packed.end()));
  });
  const std::vector<std::pair<std::size_t, std::vector<std::uint8_t>>> added = {
      {3, short_item}, {200, long_item}, {0, {}}};
  EXPECT_EQ(seen, added);

  int none = 0;
  CompressedItems().Decompress().ForEach([&](const ItemStream::Item&) { ++none; });
  CompressedItems(ItemStream()).Decompress().ForEach([&](const ItemStream::Item&) { ++none; });
  EXPECT_EQ(none, 0);
}

}  // namespace
}  // namespace awsr::reconcilers::iam
