// A member name keeps its code; a full table gives no more codes, and what it gave stands.
#include "daemon/base/member_names.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace awsr::member_names_test {
namespace {

TEST(MemberNamesTest, ANameKeepsTheCodeItWasGiven) {
  MemberNames table;
  const auto port = table.CodeOf("FromPort");
  const auto cidr = table.CodeOf("CidrIp");
  ASSERT_TRUE(port.has_value());
  ASSERT_TRUE(cidr.has_value());
  EXPECT_NE(*port, *cidr);
  EXPECT_EQ(table.CodeOf(std::string("From") + "Port"), port) << "the same text, the same code";
  EXPECT_EQ(table.NameOf(*port), "FromPort");
  EXPECT_EQ(table.NameOf(*cidr), "CidrIp");
}

TEST(MemberNamesTest, AFullTableGivesNoMoreCodesAndKeepsThoseGiven) {
  MemberNames table(2);
  const auto first = table.CodeOf("first");
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(table.CodeOf("second").has_value());
  EXPECT_FALSE(table.CodeOf("third").has_value()) << "written out in full";
  EXPECT_EQ(table.CodeOf("first"), first);
  EXPECT_EQ(table.NameOf(*first), "first");
}

TEST(MemberNamesTest, ACodeNotGivenIsAnError) {
  MemberNames table;
  EXPECT_THROW(table.NameOf(0), std::out_of_range);
  EXPECT_THROW(table.NameOf(MemberNames::kCodes), std::out_of_range);
}

}  // namespace
}  // namespace awsr::member_names_test
