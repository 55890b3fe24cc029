#include "reconcilers/elbv2/listener_rule_conditions.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace awsr::reconcilers::elbv2 {
namespace {

using nlohmann::json;

struct CountCase {
  std::string reason;
  json conditions;
  std::size_t count;
};

TEST(ListenerRuleConditionsTest, CountsEveryValueAsAwsDoes) {
  const std::vector<CountCase> cases = {
      {"path patterns as Values",
       json::parse(R"([{"Field":"path-pattern","Values":["/a*","/b"]}])"), 2},
      {"path patterns in their Config",
       json::parse(R"([{"Field":"path-pattern","PathPatternConfig":{"Values":["/a","/b","/c"]}}])"),
       3},
      {"several fields add up", json::parse(R"([{"Field":"host-header","Values":["a.example"]},
                       {"Field":"http-header","HttpHeaderConfig":{"HttpHeaderName":"X","Values":["1","2"]}},
                       {"Field":"query-string","QueryStringConfig":{"Values":[{"Key":"k","Value":"v"}]}}])"),
       4},
      {"no conditions", json::array(), 0},
      {"not a list", json(), 0},
  };
  for (const auto& row : cases)
    EXPECT_EQ(ConditionValueCount(row.conditions), row.count) << row.reason;
}

TEST(ListenerRuleConditionsTest, FiveValuesPassASixthIsTheFilesMistakeNamingTheField) {
  const json five = json::parse(
      R"([{"Field":"path-pattern","Values":["/users*","/ping","/auth*","/doc","/swagger*"]}])");
  EXPECT_FALSE(CheckConditionValues(five).has_value());
  json six = five;
  six[0]["Values"].push_back("/admin*");
  const auto error = CheckConditionValues(six);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, ErrorKind::kInvalidSpec);
  EXPECT_NE(error->message.find("Properties/Conditions"), std::string::npos);
  EXPECT_NE(error->message.find("6 condition values"), std::string::npos);
  EXPECT_NE(error->message.find("at most 5"), std::string::npos);
}

}  // namespace
}  // namespace awsr::reconcilers::elbv2
