// An IAM answer kept packed: its items are unpacked in their lists, in the answer's order.
#include "reconcilers/iam/account_read.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

TEST(AccountReadTest, DetailsHoldEachItemInItsListInTheAnswersOrder) {
  auto items = std::make_shared<std::vector<PackedItem>>();
  items->push_back(PackedItem{0, json({{"UserName", "a"}})});
  items->push_back(PackedItem{2, json({{"RoleName", "r"}})});
  items->push_back(PackedItem{0, json({{"UserName", "b"}})});
  items->push_back(PackedItem{3, json({{"PolicyName", "p"}})});
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
