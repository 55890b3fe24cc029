// The checks that need every file of the directory: logical IDs are one namespace over all of
// them, and references cross files.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/document.h"
#include "config/schema.h"

namespace awsr::config {

struct FileResources {
  Symbol file;
  const std::vector<ResourceDecl>* resources;
};

// Logical ID -> the file that holds it. Hashed: a settle looks up every one of 10,000 IDs
// several times, and IDs share long prefixes that an ordered map compares again and again.
using HolderMap = std::unordered_map<std::string, Symbol>;

struct CrossFileProblem {
  Problem problem;                // reported in problem.file
  std::set<std::string> culprits;  // the files whose new versions should not be taken in force
};

struct CrossFileChecks {
  std::vector<CrossFileProblem> problems;
  HolderMap holders;  // who holds each logical ID among the files checked (Holders)
};

// Duplicate logical IDs, references to unknown IDs or attributes, and dependency cycles.
// A duplicated ID belongs to its holder: the file of its declaration in `in_force` (what the
// last settle put in force) if that file still declares it, else the first file in `files`
// that does; every other declaration is the culprit, and the problem is reported in both
// files. Dangling references blame the referring file; a cycle blames, and is reported in,
// every file with a resource on it.
CrossFileChecks CheckAcrossFiles(const std::vector<FileResources>& files,
                                 const Declarations& in_force, const TypeCatalog& catalog);

// Why `ref` does not resolve when `target` is the declaration its ID names (null: none); empty
// when it does.
std::string WhyUnresolved(const Reference& ref, const ResourceDecl* target,
                          const TypeCatalog& catalog);

// The holder of each logical ID among `files`, by the rule above.
HolderMap Holders(const std::vector<FileResources>& files, const Declarations& in_force);

}  // namespace awsr::config
