// Tags as the engine sees them: CloudFormation's [{Key, Value}] lists as maps, the daemon's own
// awsreconciled:* tags kept apart from the user's, and the changes that bring the user's tags
// on a resource to a file's Tags. Pure.
#pragma once

#include <boost/container/flat_map.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/symbol.h"

namespace awsr::engine {

// A sorted vector, not a tree: every observed resource holds one (3-5 tags), and a node per tag
// cost a third more. The keys are Symbols: a few keys (ours are three) on 10,000 resources,
// each held once; a lookup by any string (std::less<>) makes none.
using TagMap = boost::container::flat_map<Symbol, std::string, std::less<>>;

// The daemon's own tags (awsreconciled:*): never shown as user Tags, never changed by a file.
bool IsReservedTag(std::string_view key);

// The value of the tag `key`; "" when there is none.
std::string TagValue(const TagMap& tags, std::string_view key);

// [{Key, Value}] → {Key: Value} (values as CloudFormation reads scalars); anything else → empty.
TagMap TagsFromList(const nlohmann::json& tags);
// {Key: Value} → [{Key, Value}], sorted by key: the shape most AWS APIs and CloudFormation use.
nlohmann::json TagList(const TagMap& tags);

struct TagChanges {
  TagMap set;                       // added or with a new value
  std::vector<std::string> remove;  // keys
  bool empty() const { return set.empty() && remove.empty(); }
};

// What turns the user tags in `observed` into the file's Tags; reserved tags are left alone.
TagChanges UserTagChanges(const nlohmann::json& desired_tags, const TagMap& observed);

}  // namespace awsr::engine
