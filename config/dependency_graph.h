// Dependency cycles among resources (through Ref, Fn::GetAtt, Fn::Sub and DependsOn).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace awsr::config {

// For each resource, the resources it must come after. Edges to unknown IDs are ignored.
using DependencyGraph = std::map<std::string, std::set<std::string>>;

// One path per strongly connected component that loops, e.g. {"A", "B", "A"}; a resource
// that depends on itself gives {"A", "A"}. Deterministic: each path starts at the smallest ID
// of its component.
std::vector<std::vector<std::string>> FindCycles(const DependencyGraph& graph);

}  // namespace awsr::config
