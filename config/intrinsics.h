// What the intrinsic functions in a resource's properties refer to, and their values once the
// resources they refer to exist.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/error.h"

namespace awsr::config {

struct Located {
  std::string pointer;  // RFC 6901
  std::string message;
};

// Every badly written intrinsic under `value` (unknown function, wrong arguments).
std::vector<Located> CheckIntrinsics(const nlohmann::json& value,
                                     const nlohmann::json::json_pointer& at);

// One use of another resource: Ref (attribute empty), Fn::GetAtt, or a Fn::Sub variable.
struct Reference {
  std::string logical_id;
  std::string attribute;
  friend bool operator==(const Reference&, const Reference&) = default;
};
// The same with where the intrinsic is, which only a report needs: a declaration keeps its
// references without (10,000 of them hold one or more each).
struct LocatedReference : Reference {
  std::string pointer;
};

// The resources `value` refers to, in document order. Pseudo parameters and Fn::Sub's local
// variables are not references. Badly written intrinsics are skipped (CheckIntrinsics reports
// them).
std::vector<LocatedReference> FindReferences(
    const nlohmann::json& value,
    const nlohmann::json::json_pointer& at = nlohmann::json::json_pointer());
// Just the logical IDs, for ordering.
std::set<std::string> References(const nlohmann::json& value);

struct ResolveContext {
  std::string region;  // the resource's region; also decides AWS::Partition, AWS::URLSuffix
  std::string account_id;
  std::string owner;  // AWS::StackName
  // The physical ID of a resource (what Ref returns), or nullopt while it does not exist yet.
  std::function<std::optional<std::string>(std::string_view logical_id)> ref;
  // An attribute of a resource, or nullopt while it is not known yet.
  std::function<std::optional<nlohmann::json>(std::string_view logical_id,
                                              std::string_view attribute)>
      get_att;
};

struct Resolved {
  nlohmann::json value;  // intrinsics replaced by values; those pending are left as written
  // What is not known yet, as "Id" (Ref) or "Id.Attribute": the resource waits for them.
  std::vector<std::string> pending;
  bool complete() const { return pending.empty(); }
};

// Replaces every intrinsic by its value. Fails (kInvalidSpec) only on badly written intrinsics
// or values of the wrong kind (Fn::Join of a non-string), which validation normally catches.
Result<Resolved> Resolve(const nlohmann::json& value, const ResolveContext& context);

// "aws", "aws-cn" or "aws-us-gov", and the matching domain, from a region name.
std::string PartitionOf(std::string_view region);
std::string UrlSuffixOf(std::string_view region);

}  // namespace awsr::config
