#include "reconcilers/cloudwatch/alarm_description.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::cloudwatch {
namespace {

using nlohmann::json;

// A billing alarm as a file writes it, and as DescribeAlarms (XML, all text) answers it.
const json kFileAlarm = {
    {"AlarmName", "billing-10"},
    {"Namespace", "AWS/Billing"},
    {"MetricName", "EstimatedCharges"},
    {"Dimensions", {{{"Name", "Currency"}, {"Value", "USD"}}}},
    {"Statistic", "Maximum"},
    {"Period", 21600},
    {"EvaluationPeriods", "1"},
    {"Threshold", "10.00"},
    {"ComparisonOperator", "GreaterThanThreshold"},
    {"AlarmActions",
     {"arn:aws:sns:us-east-1:123456789012:b", "arn:aws:sns:us-east-1:123456789012:a"}}};

const json kDescribed = {
    {"AlarmName", "billing-10"},
    {"AlarmArn", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:billing-10"},
    {"AlarmDescription", ""},
    {"Namespace", "AWS/Billing"},
    {"MetricName", "EstimatedCharges"},
    {"Dimensions", {{{"Name", "Currency"}, {"Value", "USD"}}}},
    {"Statistic", "Maximum"},
    {"Period", "21600"},
    {"EvaluationPeriods", "1"},
    {"Threshold", "10.0"},
    {"ComparisonOperator", "GreaterThanThreshold"},
    {"ActionsEnabled", "true"},
    {"OKActions", ""},
    {"AlarmActions",
     {"arn:aws:sns:us-east-1:123456789012:a", "arn:aws:sns:us-east-1:123456789012:b"}},
    {"StateValue", "INSUFFICIENT_DATA"}};

TEST(AlarmDescriptionTest, TextAnswersAndFileNumbersCompareEqual) {
  const engine::ObservedResource observed = ObservedAlarm(kDescribed, "us-east-1");
  EXPECT_EQ(observed.physical_id, "billing-10");
  EXPECT_EQ(observed.attributes.at("Arn"), kDescribed["AlarmArn"]);
  const json wanted = CanonicalAlarm(kFileAlarm);
  for (const auto& [name, value] : wanted.items())
    EXPECT_EQ(observed.properties.Value(name, json()), value) << name;
  EXPECT_FALSE(observed.properties.Contains("AlarmDescription")) << "empty text is unset";
  EXPECT_EQ(observed.properties["OKActions"], json::array());
  EXPECT_EQ(observed.properties["ActionsEnabled"], true);
}

struct ThresholdCase {
  const char* reason;
  json file;
  json answer;
  bool equal;
};

class AlarmThresholdTest : public ::testing::TestWithParam<ThresholdCase> {};

TEST_P(AlarmThresholdTest, ComparesByValue) {
  const json file = CanonicalAlarm({{"Threshold", GetParam().file}});
  const json answer = CanonicalAlarm({{"Threshold", GetParam().answer}});
  EXPECT_EQ(file == answer, GetParam().equal) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, AlarmThresholdTest,
    ::testing::Values(ThresholdCase{"cents as text and as a number", "0.01", "0.01", true},
                      ThresholdCase{"a whole number and its decimal text", 10, "10.0", true},
                      ThresholdCase{"a changed threshold", 10, "0.01", false}));

TEST(AlarmDescriptionTest, PutMetricAlarmSendsTheWholeFileAndTagsOnlyWhenGiven) {
  engine::DesiredResource desired;
  desired.name = "billing-10";
  desired.properties = kFileAlarm;
  const json update = PutMetricAlarmParams(desired, json());
  EXPECT_FALSE(update.contains("Tags"));
  EXPECT_EQ(update["Period"], 21600);
  EXPECT_EQ(update["Threshold"], 10.0);
  const json create = PutMetricAlarmParams(desired, json::array({{{"Key", "k"}, {"Value", "v"}}}));
  EXPECT_EQ(create["Tags"].size(), 1u);
  EXPECT_TRUE(UnsupportedAlarmProperty({{"Metrics", json::array()}}).has_value());
  EXPECT_FALSE(UnsupportedAlarmProperty(kFileAlarm).has_value());
}

}  // namespace
}  // namespace awsr::reconcilers::cloudwatch
