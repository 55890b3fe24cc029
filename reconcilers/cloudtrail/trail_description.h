// AWS::CloudTrail::Trail in CloudFormation's terms and in CloudTrail's (JSON 1.1). Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "daemon/base/error.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::cloudtrail {

// One DescribeTrails item (without tags or logging status). Ref is the name; internal "arn";
// attributes Arn and SnsTopicArn.
engine::ObservedResource ObservedTrail(const nlohmann::json& trail, const std::string& region);

// CreateTrail's parameters (the file's settings, with `tags` as TagsList), or UpdateTrail's
// (tags null): every setting the file gives, never IsLogging, which has its own calls.
nlohmann::json TrailParams(const engine::DesiredResource& desired, const nlohmann::json& tags);

// An invalid-spec error for a property this type does not support.
std::optional<Error> UnsupportedTrailProperty(const nlohmann::json& properties);

}  // namespace awsr::reconcilers::cloudtrail
