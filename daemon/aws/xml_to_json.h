// Generic XML -> JSON for the query, ec2 and REST-XML protocols, so callers read every protocol
// the same way. Without the service models the shape is inferred:
//  - the <XResponse> root, its <XResult> wrapper, ResponseMetadata and ec2's requestId go;
//  - an element whose children are all <item> or all <member> becomes an array;
//  - repeated sibling names (S3's flattened lists) become an array;
//  - leaves are strings; an empty element is "" (use AsList for fields that are lists).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/crypto.h"
#include "daemon/base/error.h"

namespace awsr::aws {

// Answers nested deeper than this are refused (kTransient) before anything walks them
// recursively; AWS's are a dozen levels deep at most.
inline constexpr int kMaxResponseDepth = 64;

Result<nlohmann::json> XmlToJson(std::string_view xml);

// One item of a list in an answer, with a digest (XXH3-128) of its bytes as the answer has
// them, from its start tag to its end tag (of its canonical form — every node's kind, name and
// value and every attribute, in document order — when the answer had to be re-encoded): a
// caller that kept what it made of the same bytes before need not convert them again.
struct DigestedItem {
  ShortDigest digest;
  nlohmann::json value;  // the item as XmlToJson converts it; null when the caller holds it
  std::size_t list = 0;  // which of ItemDigests::lists it was read from
};

// The lists of an answer whose items a caller may hold already. Most answers have one; IAM's
// GetAccountAuthorizationDetails lists users, groups, roles and policies side by side.
struct ItemDigests {
  std::vector<std::string> lists;                // top-level members: {"securityGroupInfo"}
  std::function<bool(const ShortDigest&)> held;  // a held item is digested, not converted
};

// XmlToJson, with the items of each of `digests.lists` taken out of the answer and appended to
// `items`, list by list in the order `lists` names them, each list's in the answer's order, and
// each item converted only when `digests.held` does not hold its digest. The items are those
// AsList would read from XmlToJson's member: an <item>/<member> wrapper's children, none for an
// empty element, else the element itself (each occurrence, when the name repeats).
Result<nlohmann::json> XmlToJson(std::string_view xml, const ItemDigests& digests,
                                 std::vector<DigestedItem>& items);

// Reads a list field whatever shape the generic conversion gave it: absent or "" -> [],
// a lone object or string -> [it], an array as is.
nlohmann::json AsList(const nlohmann::json& value);
// The same, taking the value apart instead of copying it (a describe page's items).
nlohmann::json AsList(nlohmann::json&& value);

}  // namespace awsr::aws
