// Flattening JSON parameters into the query/ec2 form encoding. Pure.
//   {"Tags": [{"Key": "a"}]}  query -> Tags.member.1.Key=a   ec2 -> Tags.1.Key=a
//   {"A": {"B": 1}}           both  -> A.B=1
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "daemon/aws/http_message.h"

namespace awsr::aws {

enum class ListStyle { kMember, kEc2 };

// Parameters in document order; booleans as "true"/"false". An empty list is sent as "Name="
// in the query style (how AWS clears a list) and left out in the ec2 style.
std::vector<NameValue> FlattenParams(const nlohmann::json& params, ListStyle style);

// The whole form body: Action, Version, then the flattened parameters.
std::string EncodeFormBody(std::string_view action, std::string_view version,
                           const nlohmann::json& params, ListStyle style);

}  // namespace awsr::aws
