// How the daemon recognises what it owns without a state file: ownership tags, derived names
// and deterministic client tokens, all functions of owner and logical ID. Pure.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "daemon/engine/tags.h"

namespace awsr::engine {

// A stable physical name for a resource whose file leaves the name out: "<owner>-<logical id>",
// shortened with a hash suffix when AWS's limit is shorter, so a restart never makes a second.
std::string DerivedName(std::string_view owner, std::string_view logical_id,
                        std::size_t max_length);

// A derived name for a service that takes only lower-case letters, digits, dots and hyphens
// (S3): lower case, anything else a hyphen.
std::string LowercaseName(std::string_view name);

// The same token for the same resource on every attempt and every restart (EC2 ClientToken,
// at most 64 characters).
std::string ClientToken(std::string_view owner, std::string_view region,
                        std::string_view logical_id);

TagMap OwnershipTags(std::string_view owner, std::string_view logical_id,
                     std::string_view deletion_policy);

// A resource released under DeletionPolicy Retain keeps its logical-ID and deletion-policy
// tags, and its owner tag becomes "released:<owner>": nobody's, so nothing changes or deletes
// it, yet when a file declares the same logical ID again the same owner takes it back instead
// of creating a twin. Bulk observations ask for both owner values.
std::string ReleasedOwner(std::string_view owner);
// Whether an owner tag's value marks a released resource (of any owner).
bool IsReleasedOwner(std::string_view owner_tag);

}  // namespace awsr::engine
