// Lists in the query protocol as RDS and Redshift name them. Their lists are not
// "Name.member.N" (what the AWS client writes for IAM) but "Name.Element.N", with the element
// name the service model gives each list ("Tags.Tag.1.Key", "VpcSecurityGroupIds.
// VpcSecurityGroupId.1"). Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace awsr::reconcilers::kit {

// `items` as the value of a query parameter whose list elements are named `element`:
// {"Tag": {"1": ..., "2": ...}}; an empty list stays [] (sent as "Name=", which clears it).
nlohmann::json QueryList(std::string_view element, const nlohmann::json& items);

// The items of a list as a query answer gives it ({"Tag": [...]}, {"Tag": {...}} for one item,
// "" for none) or as a JSON answer does ([...]).
std::vector<nlohmann::json> QueryItems(const nlohmann::json& list, std::string_view element);

}  // namespace awsr::reconcilers::kit
