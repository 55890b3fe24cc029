#include "reconcilers/cloudtrail/trail_description.h"

#include <array>
#include <utility>

#include "daemon/base/json_fields.h"

namespace awsr::reconcilers::cloudtrail {
namespace {

using nlohmann::json;

// CloudFormation's name -> CloudTrail's Trail member (the same in Create/UpdateTrail, except
// where the third name differs).
struct TrailSetting {
  const char* property;
  const char* member;     // in DescribeTrails' answer
  const char* parameter;  // in CreateTrail and UpdateTrail
};

constexpr std::array<TrailSetting, 9> kTrailSettings = {{
    {"S3BucketName", "S3BucketName", "S3BucketName"},
    {"S3KeyPrefix", "S3KeyPrefix", "S3KeyPrefix"},
    {"SnsTopicName", "SnsTopicName", "SnsTopicName"},
    {"IsMultiRegionTrail", "IsMultiRegionTrail", "IsMultiRegionTrail"},
    {"IncludeGlobalServiceEvents", "IncludeGlobalServiceEvents", "IncludeGlobalServiceEvents"},
    {"EnableLogFileValidation", "LogFileValidationEnabled", "EnableLogFileValidation"},
    {"KMSKeyId", "KmsKeyId", "KmsKeyId"},
    {"CloudWatchLogsLogGroupArn", "CloudWatchLogsLogGroupArn", "CloudWatchLogsLogGroupArn"},
    {"CloudWatchLogsRoleArn", "CloudWatchLogsRoleArn", "CloudWatchLogsRoleArn"},
}};

constexpr std::array<const char*, 4> kUnsupportedTrailProperties = {
    "EventSelectors", "InsightSelectors", "AdvancedEventSelectors", "IsOrganizationTrail"};

}  // namespace

engine::ObservedResource ObservedTrail(const json& trail, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(trail, "Name");
  observed.identity_key = observed.physical_id;
  observed.region = region;
  json properties = {{"TrailName", observed.physical_id}};
  for (const auto& setting : kTrailSettings) {
    const json value = trail.value(setting.member, json());
    // AWS leaves unset text out, or answers it null.
    if (!value.is_null()) properties[setting.property] = value;
  }
  observed.properties = properties;
  const std::string arn = StringField(trail, "TrailARN");
  observed.attributes = {{"Arn", arn}};
  if (!StringField(trail, "SnsTopicARN").empty())
    observed.attributes["SnsTopicArn"] = trail["SnsTopicARN"];
  observed.internal = {{"arn", arn}};
  return observed;
}

json TrailParams(const engine::DesiredResource& desired, const json& tags) {
  json params = {{"Name", desired.name}};
  for (const auto& setting : kTrailSettings) {
    if (desired.properties.contains(setting.property))
      params[setting.parameter] = desired.properties[setting.property];
  }
  if (!tags.is_null()) params["TagsList"] = tags;
  return params;
}

std::optional<Error> UnsupportedTrailProperty(const json& properties) {
  for (const char* name : kUnsupportedTrailProperties) {
    if (properties.contains(name))
      return MakeError(ErrorKind::kInvalidSpec,
                       std::string("AWS::CloudTrail::Trail ") + name + " is not supported yet");
  }
  return std::nullopt;
}

}  // namespace awsr::reconcilers::cloudtrail
