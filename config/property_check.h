// Checks resource properties against the CloudFormation resource specification.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "config/intrinsics.h"
#include "config/schema.h"

namespace awsr::config {

// Unknown and missing required properties, and values of the wrong JSON type, recursively
// through lists, maps and nested property types. An intrinsic is accepted wherever a value
// goes. Like CloudFormation, primitives may be written as strings ("80", "true").
std::vector<Located> CheckProperties(const TypeSchema& type, const nlohmann::json& properties,
                                     const nlohmann::json::json_pointer& at,
                                     const TypeCatalog& catalog);

}  // namespace awsr::config
