#include "reconcilers/s3/bucket_settings.h"

#include <gtest/gtest.h>

#include "daemon/aws/xml_to_json.h"

namespace awsr::reconcilers::s3 {
namespace {

using nlohmann::json;

// What S3 answers to the Get after the Put of `body`: the same XML, as the client reads it.
json RoundTrip(std::string_view property, const json& value) {
  auto body = SettingBody(property, value);
  EXPECT_TRUE(body) << property;
  auto parsed = aws::XmlToJson(*body);
  EXPECT_TRUE(parsed) << *body;
  return SettingFromAws(property, *parsed);
}

TEST(BucketSettingsTest, EverySettingComesBackInTheShapeItWasWritten) {
  struct Case {
    std::string reason;
    std::string property;
    json value;
  };
  const std::vector<Case> cases = {
      {"tags", "Tags",
       json::array({{{"Key", "a"}, {"Value", "x & y"}}, {{"Key", "b"}, {"Value", ""}}})},
      {"versioning", "VersioningConfiguration", {{"Status", "Enabled"}}},
      {"every public access block",
       "PublicAccessBlockConfiguration",
       {{"BlockPublicAcls", true},
        {"IgnorePublicAcls", true},
        {"BlockPublicPolicy", false},
        {"RestrictPublicBuckets", true}}},
      {"encryption with a bucket key",
       "BucketEncryption",
       {{"ServerSideEncryptionConfiguration",
         json::array({{{"ServerSideEncryptionByDefault", {{"SSEAlgorithm", "aws:kms"}}},
                       {"BucketKeyEnabled", true}}})}}},
      {"lifecycle: expiration, transitions, abort",
       "LifecycleConfiguration",
       {{"Rules",
         json::array({{{"Id", "old"},
                       {"Status", "Enabled"},
                       {"Prefix", "logs/"},
                       {"ExpirationInDays", 90},
                       {"Transitions",
                        json::array({{{"StorageClass", "GLACIER"}, {"TransitionInDays", 30}}})},
                       {"AbortIncompleteMultipartUpload", {{"DaysAfterInitiation", 7}}}},
                      {{"Status", "Disabled"}, {"NoncurrentVersionExpirationInDays", 5}}})}}},
  };
  for (const auto& c : cases) {
    const json back = RoundTrip(c.property, c.value);
    if (c.property == "LifecycleConfiguration") {
      // Both spellings of the noncurrent expiration come back; the written one matches.
      EXPECT_EQ(back["Rules"][0], c.value["Rules"][0]) << c.reason;
      EXPECT_EQ(back["Rules"][1]["NoncurrentVersionExpirationInDays"], 5) << c.reason;
    } else {
      EXPECT_EQ(back, c.value) << c.reason;
    }
  }
}

TEST(BucketSettingsTest, AbsentSettingsAndUnsupportedFields) {
  EXPECT_EQ(SettingFromAws("Tags", std::nullopt), json::array()) << "no tag set: no tags";
  EXPECT_TRUE(SettingFromAws("LifecycleConfiguration", std::nullopt).is_null());
  EXPECT_TRUE(SettingFromAws("VersioningConfiguration", json::object()).is_null())
      << "never versioned: no Status at all";
  auto refused = SettingBody(
      "LifecycleConfiguration",
      json{{"Rules", json::array({{{"Status", "Enabled"}, {"TagFilters", json::array()}}})}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidSpec);
  EXPECT_NE(refused.error().message.find("TagFilters"), std::string::npos);
}

}  // namespace
}  // namespace awsr::reconcilers::s3
