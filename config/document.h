// A desired-state file: a CloudFormation-shaped JSON document declaring resources.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/account_target.h"
#include "config/intrinsics.h"
#include "config/schema.h"
#include "daemon/base/boxed.h"
#include "daemon/base/packed_json.h"
#include "daemon/base/shared_value.h"
#include "daemon/base/string_set.h"
#include "daemon/base/symbol.h"

namespace awsr::config {

// Something wrong with a file, where, and why. `pointer` is an RFC 6901 JSON pointer such as
// "/Resources/Web/Properties/VpcId"; empty when the text is not JSON at all.
struct Problem {
  std::string file;
  std::string pointer;
  std::string message;
  // "file:pointer: message", the form `awsreconciled validate` prints.
  std::string ToString() const;
  friend bool operator==(const Problem&, const Problem&) = default;
};

// What happens in AWS when the resource leaves the files. Retain is the safe default; Snapshot
// deletes after a final snapshot, for the types that take one (SupportsSnapshotPolicy).
enum class DeletionPolicy : std::uint8_t { kRetain, kDelete, kSnapshot };

// Whether `type` takes DeletionPolicy Snapshot (as in CloudFormation: databases and clusters).
bool SupportsSnapshotPolicy(std::string_view type);
// ObserveOnly reports differences and never writes.
enum class ManagementPolicy : std::uint8_t { kFull, kObserveOnly };
// Whether a resource that exists without our owner tag may be taken over.
enum class AdoptPolicy : std::uint8_t { kRefuse, kAdopt };

std::string_view ToString(DeletionPolicy policy);
std::string_view ToString(ManagementPolicy policy);
std::string_view ToString(AdoptPolicy policy);

struct ResourceDecl {
  std::string logical_id;
  Symbol type;  // "AWS::EC2::VPC" (daemon/base/symbol.h: a vocabulary held once)
  // As written: intrinsics are resolved later, by the engine. Packed: a plan unpacks them.
  PackedJson properties;
  DeletionPolicy deletion_policy = DeletionPolicy::kRetain;
  ManagementPolicy management_policy = ManagementPolicy::kFull;
  AdoptPolicy adopt_policy = AdoptPolicy::kRefuse;
  // What few declarations say, kept apart: set only when one of them is.
  struct SeldomParts {
    std::vector<std::string> depends_on;  // DependsOn, as written
    // AdoptId: the physical ID of an existing resource to take over, for types AWS lets one
    // name only by ID (a VPC, a subnet, an instance); what `awsreconciled export` writes.
    std::string adopt_id;
    friend bool operator==(const SeldomParts&, const SeldomParts&) = default;
  };
  // Boxed: inline, these two were 56 bytes of each of 10,000 declarations.
  Boxed<SeldomParts> seldom;
  Symbol region;  // empty: the daemon's region
  // The file's RoleArn: whose account; default: the daemon's. One value per file, shared.
  SharedValue<AccountTarget> account;
  Symbol file;  // the file that declares it: one copy of its name for all its resources
  // The uses of other resources in its properties (FindReferences), found once when the file
  // is read; without their pointers, which only an error message needs.
  std::vector<Reference> references;

  const std::vector<std::string>& DependsOn() const;
  const std::string& AdoptId() const;  // empty: none
  // Made when first written.
  SeldomParts& Seldom();
  // Every resource this one must come after: DependsOn and the references in its properties.
  StringSet Dependencies() const;
  friend bool operator==(const ResourceDecl&, const ResourceDecl&) = default;
};

// A declaration in force: the one its file's version holds, shared rather than copied, so a
// settle costs pointers, not 10,000 copies of properties.
using DeclarationRef = std::shared_ptr<const ResourceDecl>;
// The resources in force, by logical ID.
using Declarations = std::map<std::string, DeclarationRef, std::less<>>;

// Whether two maps declare the same: the same IDs, each with the same declaration or an equal
// one (a file saved again unchanged is parsed into new, equal declarations).
bool SameDeclarations(const Declarations& a, const Declarations& b);
// Whether the declaration changed: equal as a pointer first, by value only when not.
bool DeclarationChanged(const DeclarationRef& before, const DeclarationRef& after);
// Walks two maps together in ID order (both are sorted): `visit(id, before, after)` once for
// each ID in either, the side that lacks it null. What changed costs one pass, no lookups.
template <typename Visit>
void WalkTogether(const Declarations& before, const Declarations& after, Visit visit) {
  auto was = before.begin();
  auto is = after.begin();
  while (was != before.end() || is != after.end()) {
    if (is == after.end() || (was != before.end() && was->first < is->first)) {
      visit(was->first, &was->second, nullptr);
      ++was;
    } else if (was == before.end() || is->first < was->first) {
      visit(is->first, nullptr, &is->second);
      ++is;
    } else {
      visit(is->first, &was->second, &is->second);
      ++was;
      ++is;
    }
  }
}

// A map of its own copies of `decls` (tests, benchmarks; the daemon shares its files' instead).
Declarations ToDeclarations(std::vector<ResourceDecl> decls);

struct ParsedDocument {
  std::vector<ResourceDecl> resources;  // sorted by logical ID; in force only without problems
  std::vector<Problem> problems;
  bool ok() const { return problems.empty(); }
};

// Reads and validates one file on its own: JSON syntax, document shape, resource attributes,
// types and properties against `catalog`, intrinsic syntax. What needs the other files
// (duplicate IDs, dangling references, cycles) is checked by DesiredSet.
ParsedDocument ParseDocument(std::string_view file_name, std::string_view text,
                             const TypeCatalog& catalog);

}  // namespace awsr::config
