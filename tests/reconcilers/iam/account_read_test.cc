// An IAM answer kept packed: its items are handed out by list, in the answer's order.
#include "reconcilers/iam/account_read.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

TEST(AccountReadTest, EachListsItemsComeInTheAnswersOrderOneAtATime) {
  auto items = std::make_shared<std::vector<PackedItem>>();
  items->push_back(PackedItem{0, json({{"UserName", "a"}})});
  items->push_back(PackedItem{2, json({{"RoleName", "r"}})});
  items->push_back(PackedItem{0, json({{"UserName", "b"}})});
  items->push_back(PackedItem{3, json({{"PolicyName", "p"}})});
  const AccountRead read(7, items);
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

}  // namespace
}  // namespace awsr::reconcilers::iam
