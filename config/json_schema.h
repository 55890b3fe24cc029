// A JSON Schema (draft-07) of desired-state files, derived from the embedded resource
// specification: editors complete types and properties from it, and it catches the shape
// mistakes `awsreconciled validate` would. The daemon's own validation stays the authority
// (references, regions, cross-file rules are beyond what a schema can say).
#pragma once

#include <nlohmann/json.hpp>

#include "config/schema.h"

namespace awsr::config {

nlohmann::json DesiredFileJsonSchema(const TypeCatalog& catalog);

}  // namespace awsr::config
