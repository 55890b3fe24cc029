// Generic XML -> JSON for the query, ec2 and REST-XML protocols, so callers read every protocol
// the same way. Without the service models the shape is inferred:
//  - the <XResponse> root, its <XResult> wrapper, ResponseMetadata and ec2's requestId go;
//  - an element whose children are all <item> or all <member> becomes an array;
//  - repeated sibling names (S3's flattened lists) become an array;
//  - leaves are strings; an empty element is "" (use AsList for fields that are lists).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "daemon/base/error.h"

namespace awsr::aws {

// Answers nested deeper than this are refused (kTransient) before anything walks them
// recursively; AWS's are a dozen levels deep at most.
inline constexpr int kMaxResponseDepth = 64;

Result<nlohmann::json> XmlToJson(std::string_view xml);

// Reads a list field whatever shape the generic conversion gave it: absent or "" -> [],
// a lone object or string -> [it], an array as is.
nlohmann::json AsList(const nlohmann::json& value);
// The same, taking the value apart instead of copying it (a describe page's items).
nlohmann::json AsList(nlohmann::json&& value);

}  // namespace awsr::aws
