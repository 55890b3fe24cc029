// The checks that need every file of the directory: logical IDs are one namespace over all of
// them, and references cross files.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/document.h"
#include "config/schema.h"

namespace awsr::config {

struct FileResources {
  std::string file;
  const std::vector<ResourceDecl>* resources;
};

struct CrossFileProblem {
  Problem problem;                // reported in problem.file
  std::set<std::string> culprits;  // the files whose new versions should not be taken in force
};

// Duplicate logical IDs, references to unknown IDs or attributes, and dependency cycles.
// A duplicated ID belongs to its holder: `holders[id]` if that file still declares it, else
// the first file in `files` that does; every other declaration is the culprit, and the
// problem is reported in both files. Dangling references blame the referring file; a cycle
// blames, and is reported in, every file with a resource on it.
std::vector<CrossFileProblem> CheckAcrossFiles(const std::vector<FileResources>& files,
                                               const std::map<std::string, std::string>& holders,
                                               const TypeCatalog& catalog);

// The holder of each logical ID among `files`, by the rule above.
std::map<std::string, std::string> Holders(const std::vector<FileResources>& files,
                                           const std::map<std::string, std::string>& holders);

}  // namespace awsr::config
