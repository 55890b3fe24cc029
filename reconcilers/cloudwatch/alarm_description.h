// AWS::CloudWatch::Alarm in CloudFormation's terms and in CloudWatch's (query protocol). Pure.
//
// DescribeAlarms answers in XML, where every value is text ("21600", "0.01", "true"), while a
// file writes numbers and booleans, sometimes as text too ("10.00"). Both sides are put in one
// canonical form before they are compared: numbers as numbers, booleans as booleans, the
// action lists sorted and the dimensions sorted by name (both are sets to CloudWatch).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "daemon/base/error.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::cloudwatch {

// The alarm properties this type sets; the others are refused (metric math, for now).
nlohmann::json CanonicalAlarm(const nlohmann::json& properties);

// One MetricAlarms item (without tags). Ref is the name; internal "arn"; attribute Arn.
engine::ObservedResource ObservedAlarm(const nlohmann::json& item, const std::string& region);

// PutMetricAlarm's parameters for the whole of `desired`: PutMetricAlarm replaces the entire
// configuration, so an update sends everything the file sets, never a part. `tags` only on
// create (PutMetricAlarm ignores them on an existing alarm).
nlohmann::json PutMetricAlarmParams(const engine::DesiredResource& desired,
                                    const nlohmann::json& tags);

// An invalid-spec error for a property this type does not support.
std::optional<Error> UnsupportedAlarmProperty(const nlohmann::json& properties);

}  // namespace awsr::reconcilers::cloudwatch
