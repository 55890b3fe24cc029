#include "config/closest_name.h"

#include <gtest/gtest.h>

namespace awsr::config {
namespace {

TEST(ClosestNameTest, SuggestsANearNameAndNothingForAFarOne) {
  const std::vector<std::string_view> names = {"CidrBlock", "EnableDnsSupport", "Tags"};
  struct Case {
    const char* wrong;
    const char* suggestion;
  };
  for (const Case& c :
       {Case{"CidrBlok", "CidrBlock"}, Case{"cidrblock", "CidrBlock"},
        Case{"EnableDNSSuport", "EnableDnsSupport"}, Case{"Tag", "Tags"}, Case{"Name", ""},
        Case{"Completely", ""}, Case{"", ""}, Case{"CidrBlcok", "CidrBlock"}}) {
    EXPECT_EQ(ClosestName(c.wrong, names), c.suggestion) << c.wrong;
  }
}

TEST(ClosestNameTest, DidYouMeanReadsAsPartOfAMessage) {
  EXPECT_EQ(DidYouMean("Regoin", {"Region", "Resources"}), " (did you mean Region?)");
  EXPECT_EQ(DidYouMean("Outputs", {"Region", "Resources"}), "");
}

}  // namespace
}  // namespace awsr::config
