// An IAM answer kept packed: what is unpacked is what was packed, in its lists and order.
#include "reconcilers/iam/account_read.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

TEST(PackedItemTest, UnpacksToTheItemItWasPackedFrom) {
  const json items[] = {
      json::object(),
      {{"UserName", "alice"}, {"UserId", "AIDA0000000000000001"}, {"Path", "/"}},
      {{"Tags", {{{"Key", "awsreconciled:owner"}, {"Value", "o"}}}}, {"GroupList", json::array()}},
      {{"PolicyVersionList",
        {{{"Document", "%7B%22Version%22%3A%222012-10-17%22%7D"}, {"IsDefaultVersion", true}}}},
       {"AttachmentCount", 3},
       {"Description", "ünïcödé and \"quotes\""}},
  };
  for (const json& item : items) {
    const PackedItem packed = PackedItem::Pack(2, item);
    EXPECT_EQ(packed.list, 2u);
    EXPECT_LT(packed.bytes.size(), item.dump().size() + 1) << "no larger than its text";
    EXPECT_EQ(packed.Unpack(), item);
  }
}

TEST(AccountReadTest, DetailsHoldEachItemInItsListInTheAnswersOrder) {
  auto items = std::make_shared<std::vector<PackedItem>>();
  items->push_back(PackedItem::Pack(0, {{"UserName", "a"}}));
  items->push_back(PackedItem::Pack(2, {{"RoleName", "r"}}));
  items->push_back(PackedItem::Pack(0, {{"UserName", "b"}}));
  items->push_back(PackedItem::Pack(3, {{"PolicyName", "p"}}));
  const AccountRead read(7, items);
  EXPECT_EQ(read.Number(), 7u);
  const AccountDetails& details = read.Details();
  EXPECT_EQ(details.users, json::array({{{"UserName", "a"}}, {{"UserName", "b"}}}));
  EXPECT_EQ(details.groups, json::array());
  EXPECT_EQ(details.roles, json::array({{{"RoleName", "r"}}}));
  EXPECT_EQ(details.policies, json::array({{{"PolicyName", "p"}}}));
  EXPECT_EQ(&read.Details(), &details) << "unpacked once";
}

}  // namespace
}  // namespace awsr::reconcilers::iam
