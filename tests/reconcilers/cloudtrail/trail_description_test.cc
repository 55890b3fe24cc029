#include "reconcilers/cloudtrail/trail_description.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::cloudtrail {
namespace {

using nlohmann::json;

TEST(TrailDescriptionTest, ReadsCloudFormationNamesAndLeavesUnsetOut) {
  const json trail = {{"Name", "audit"},
                      {"TrailARN", "arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit"},
                      {"HomeRegion", "eu-west-1"},
                      {"S3BucketName", "audit-logs"},
                      {"S3KeyPrefix", nullptr},
                      {"IsMultiRegionTrail", true},
                      {"IncludeGlobalServiceEvents", true},
                      {"LogFileValidationEnabled", true}};
  const engine::ObservedResource observed = ObservedTrail(trail, "eu-west-1");
  EXPECT_EQ(observed.physical_id, "audit");
  EXPECT_EQ(observed.attributes.at("Arn"), trail["TrailARN"]);
  EXPECT_EQ(observed.properties["EnableLogFileValidation"], true);
  EXPECT_EQ(observed.properties["S3BucketName"], "audit-logs");
  EXPECT_FALSE(observed.properties.Contains("S3KeyPrefix")) << "null is unset";
  EXPECT_FALSE(observed.attributes.contains("SnsTopicArn"));
}

TEST(TrailDescriptionTest, ParamsUseCloudTrailNamesAndNeverIsLogging) {
  engine::DesiredResource desired;
  desired.name = "audit";
  desired.properties = {{"S3BucketName", "audit-logs"},
                        {"IsLogging", true},
                        {"EnableLogFileValidation", true},
                        {"KMSKeyId", "alias/k"}};
  const json create = TrailParams(desired, json::array());
  EXPECT_EQ(create["Name"], "audit");
  EXPECT_EQ(create["EnableLogFileValidation"], true);
  EXPECT_EQ(create["KmsKeyId"], "alias/k");
  EXPECT_FALSE(create.contains("IsLogging"));
  EXPECT_TRUE(create.contains("TagsList"));
  EXPECT_FALSE(TrailParams(desired, json()).contains("TagsList"));
  EXPECT_TRUE(UnsupportedTrailProperty({{"EventSelectors", json::array()}}).has_value());
}

}  // namespace
}  // namespace awsr::reconcilers::cloudtrail
