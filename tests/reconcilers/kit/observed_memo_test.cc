#include "reconcilers/kit/observed_memo.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace awsr::reconcilers::kit {
namespace {

using nlohmann::json;

std::string Page(const std::vector<std::string>& groups) {
  std::string xml = "<DescribeSecurityGroupsResponse><securityGroupInfo>";
  for (const auto& group : groups) xml += group;
  return xml + "</securityGroupInfo></DescribeSecurityGroupsResponse>";
}

std::string Group(const std::string& id, const std::string& team) {
  return "<item><groupId>" + id + "</groupId><tagSet><item><key>team</key><value>" + team +
         "</value></item></tagSet></item>";
}

// What a type makes of an item: here the item itself, so a test sees what was read.
engine::ObservedResource FromItem(const json& item) {
  engine::ObservedResource observed;
  observed.physical_id = item.value("groupId", "");
  observed.properties = item;
  return observed;
}

class ObservedMemoTest : public ::testing::Test {
 protected:
  // One read as DescribeObserved makes it, the client's part done by the XML conversion.
  std::vector<engine::ObservedResource> Read(const std::string& xml) {
    const ObservedMemo::Read read = memo_.Start("securityGroupInfo");
    std::vector<aws::DigestedItem> items;
    EXPECT_TRUE(aws::XmlToJson(xml, *read.digests(), items).has_value());
    return memo_.Finish(read, std::move(items), counting_).Copies();
  }

  // What a reader that never read before makes of the same page.
  static std::vector<engine::ObservedResource> Afresh(const std::string& xml) {
    ObservedMemo memo;
    const ObservedMemo::Read read = memo.Start("securityGroupInfo");
    std::vector<aws::DigestedItem> items;
    EXPECT_TRUE(aws::XmlToJson(xml, *read.digests(), items).has_value());
    return memo.Finish(read, std::move(items), FromItem).Copies();
  }

  static void ExpectSame(const std::vector<engine::ObservedResource>& got,
                         const std::vector<engine::ObservedResource>& want,
                         const std::string& reason) {
    ASSERT_EQ(got.size(), want.size()) << reason;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].physical_id, want[i].physical_id) << reason;
      EXPECT_EQ(got[i].properties, want[i].properties) << reason;
    }
  }

  ObservedMemo memo_;
  int conversions_ = 0;
  ObservedMemo::Convert counting_ = [this](const json& item) {
    ++conversions_;
    return FromItem(item);
  };
};

TEST_F(ObservedMemoTest, OnlyItemsWhoseBytesMovedAreConvertedAgain) {
  const std::string steady = Page({Group("sg-1", "web"), Group("sg-2", "db")});
  ExpectSame(Read(steady), Afresh(steady), "first read");
  EXPECT_EQ(conversions_, 2);
  EXPECT_EQ(memo_.size(), 2u);

  ExpectSame(Read(steady), Afresh(steady), "nothing moved");
  EXPECT_EQ(conversions_, 2) << "nothing converted again";

  const std::string retagged = Page({Group("sg-1", "web"), Group("sg-2", "ops")});
  const auto seen = Read(retagged);
  ExpectSame(seen, Afresh(retagged), "a tag changed");
  EXPECT_EQ(seen[1].properties["tagSet"][0]["value"], "ops");
  EXPECT_EQ(conversions_, 3) << "only the changed group converted";
}

// An item converted afresh into what the engine holds already is handed back as the engine's
// resource, and the memo keeps that one; anything else is the memo's own.
TEST_F(ObservedMemoTest, AConversionEqualToWhatTheEngineHoldsIsTheEnginesResource) {
  const std::string page = Page({Group("sg-1", "web"), Group("sg-2", "db")});
  const engine::SharedObserved engines = engine::ShareObserved(Afresh(page)[0]);
  int asked = 0;
  const ObservedMemo::HeldEqual held_equal = [&](const engine::ObservedResource& fresh) {
    ++asked;
    return fresh.physical_id == engines->physical_id && fresh.properties == engines->properties
               ? engines
               : nullptr;
  };
  const auto read_with_engine = [&] {
    const ObservedMemo::Read read = memo_.Start("securityGroupInfo");
    std::vector<aws::DigestedItem> items;
    EXPECT_TRUE(aws::XmlToJson(page, *read.digests(), items).has_value());
    return memo_.Finish(read, std::move(items), counting_, held_equal);
  };
  const engine::ObservedList first = read_with_engine();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first.Shared(0), engines) << "the engine's, not a second copy";
  EXPECT_NE(first.Shared(1), nullptr);
  EXPECT_EQ(first[1].physical_id, "sg-2");
  EXPECT_EQ(asked, 2);

  const engine::ObservedList again = read_with_engine();
  EXPECT_EQ(again.Shared(0), engines) << "kept by the memo";
  EXPECT_EQ(again.Shared(1), first.Shared(1));
  EXPECT_EQ(asked, 2) << "nothing converted, nothing asked";
}

TEST_F(ObservedMemoTest, TheMemoHoldsOnlyTheLastRead) {
  const std::string both = Page({Group("sg-1", "web"), Group("sg-2", "db")});
  Read(both);
  const std::string one = Page({Group("sg-1", "web")});
  ExpectSame(Read(one), Afresh(one), "one group gone");
  EXPECT_EQ(memo_.size(), 1u) << "what AWS stopped returning is dropped";
  const int before = conversions_;
  ExpectSame(Read(both), Afresh(both), "back again");
  EXPECT_EQ(conversions_, before + 1) << "a group back from the dead is converted afresh";
  ExpectSame(Read(Page({})), {}, "none left");
  EXPECT_EQ(memo_.size(), 0u);
}

// A read of exactly the items held keeps the memo as it is; one of as many items but not the
// same ones, or in another order, is still seen as AWS returned it.
TEST_F(ObservedMemoTest, AsManyItemsAsHeldAreSeenInTheirOrderAndTheOneGoneIsDropped) {
  Read(Page({Group("sg-1", "web"), Group("sg-2", "db")}));
  const std::string reordered = Page({Group("sg-2", "db"), Group("sg-1", "web")});
  ExpectSame(Read(reordered), Afresh(reordered), "the same groups in another order");
  EXPECT_EQ(conversions_, 2) << "nothing converted again";

  const std::string swapped = Page({Group("sg-2", "db"), Group("sg-3", "ops")});
  ExpectSame(Read(swapped), Afresh(swapped), "sg-1 gone, sg-3 new");
  EXPECT_EQ(conversions_, 3);
  EXPECT_EQ(memo_.size(), 2u);
  Read(Page({Group("sg-1", "web")}));
  EXPECT_EQ(conversions_, 4) << "sg-1 was dropped when AWS stopped returning it";
}

// Reads may overlap (a bulk observation and an export): each finds what the memo held when it
// started, whichever finishes first.
TEST_F(ObservedMemoTest, OverlappingReadsEachGetEveryItem) {
  const std::string first = Page({Group("sg-1", "web")});
  const std::string second = Page({Group("sg-1", "web"), Group("sg-2", "db")});
  Read(first);
  const ObservedMemo::Read early = memo_.Start("securityGroupInfo");
  std::vector<aws::DigestedItem> early_items;
  ASSERT_TRUE(aws::XmlToJson(first, *early.digests(), early_items).has_value());
  ASSERT_TRUE(early_items[0].value.is_null()) << "held when the read started";
  Read(Page({Group("sg-2", "db")}));  // another read finishes meanwhile, dropping sg-1
  ExpectSame(memo_.Finish(early, std::move(early_items), counting_).Copies(), Afresh(first),
             "the early read");
  ExpectSame(Read(second), Afresh(second), "after both");
}

}  // namespace
}  // namespace awsr::reconcilers::kit
