// A sorted set of strings kept in one vector: the few IDs a resource depends on, held for every
// resource (its status, the engine's inputs of its declaration), where a tree node per ID cost
// twice the bytes. Inserting is linear: for sets of a handful, not for thousands.
#pragma once

#include <boost/container/flat_set.hpp>
#include <string>

namespace awsr {

using StringSet = boost::container::flat_set<std::string>;

}  // namespace awsr
