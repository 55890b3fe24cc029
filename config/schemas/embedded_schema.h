// The CloudFormation resource specification of the supported types, compiled into the binary.
#pragma once

#include <string_view>

namespace awsr::config {

// The text of config/schemas/resource_types.json.
std::string_view EmbeddedSchemaJson();

}  // namespace awsr::config
