// A listener rule's conditions against AWS's quota of five condition values per rule, checked
// before anything is sent so the file's mistake is named, not AWS's ValidationError. Pure.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>

#include "daemon/base/error.h"

namespace awsr::reconcilers::elbv2 {

inline constexpr std::size_t kMaxConditionValuesPerRule = 5;

// The values `conditions` (CloudFormation's RuleCondition list) hold, as AWS counts them: every
// value of Values and of each *Config's Values (host headers, path patterns, header values,
// query string pairs, methods, source IPs).
std::size_t ConditionValueCount(const nlohmann::json& conditions);

// An invalid-spec error naming the field when `conditions` hold more than five values.
std::optional<Error> CheckConditionValues(const nlohmann::json& conditions);

}  // namespace awsr::reconcilers::elbv2
