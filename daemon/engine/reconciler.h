// The contract between the engine and one resource type. A reconciler is small: observe every
// resource of its type in a region in one bulk call, and create, update or delete one resource.
// Everything else — ordering, retries, backoff, conditions, events, deletion policy, plan mode,
// the user's Tags and the ownership tags (ownership.h) — is the engine's.
//
// Contract for every implementation:
// - ObserveAll never changes AWS.
// - Every verb is idempotent. Create tolerates "already exists" when the existing resource is
//   ours (same name and our ownership tags) and returns it; Delete tolerates "not found".
// - Nothing sleeps or retries: an error goes back to the engine, which decides.
// - Ownership tags are applied at creation (TagSpecifications or the create call's Tags),
//   never in a second call, so a crash cannot leave an untagged resource behind.
//
// An ordinary type overrides ObserveAll, Create and Delete, and Update when a property other
// than Tags changes in place; the defaults below cover the rest.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/error.h"
#include "daemon/engine/diff.h"
#include "daemon/engine/observed_list.h"
#include "daemon/engine/observed_resource.h"
#include "daemon/engine/shared_strings.h"

namespace awsr::engine {

// A verb's result: the coroutine every reconciler and ownership call returns.
template <typename T>
using Task = boost::asio::awaitable<Result<T>>;

// A desired resource with every reference resolved: what the reconciler acts on.
struct DesiredResource {
  std::string logical_id;
  std::string type;
  std::string region;
  nlohmann::json properties = nlohmann::json::object();  // resolved, no intrinsics left
  std::string name;          // the physical name: declared, or derived (see name_property)
  TagMap ownership_tags;     // apply at creation, with the user's Tags
  std::string client_token;  // deterministic per owner and logical ID, for EC2 creates
};

struct ObserveScope {
  std::string region;
  std::string owner;
  // Identity keys of the desired resources of this type in this region, for types whose bulk
  // call needs names (look-alikes without our tags must be seen to report a Conflict).
  SharedStrings identity_keys;
  // Every top-level property some desired resource of this type in this region sets: a
  // property AWS only reveals per resource (a VPC's DNS attributes) is read only when a file
  // cares about it, so steady state stays at bulk calls.
  std::set<std::string> properties_in_use = {};
  // Physical ids the engine remembers for this type (its status store): what a type that cannot
  // filter by owner (S3's ListBuckets) must still look at, besides the identity keys. Given only
  // to types whose tags are a detail (DetailProperties has "Tags"): the others see ownership in
  // their list.
  SharedStrings remembered_ids = {};
  // Every resource of the type in the region, whoever owns it (`awsreconciled export`): the
  // owner, the identity keys and the remembered ids filter nothing.
  bool everything = false;
  // When not empty (a cycle for a changed file, asked only of a type that ObservesFocus): only
  // the resources of these logical IDs are wanted, besides the identity keys' look-alikes, and
  // identity_keys holds just theirs. What else the type has is kept from the last observation.
  std::vector<std::string> focus = {};
  // What the engine holds of this (type, region) equal to a resource the type has just made,
  // or null. A type that keeps what it makes (kit::ObservedMemo) keeps that one instead of its
  // own equal copy, so the first observation after the creates does not make a copy of every
  // resource to swap for the one held: the slabs the two shared stayed partly used (#16).
  // Empty: nothing is held. Asked only between the type's suspensions, never across one.
  std::function<SharedObserved(const ObservedResource&)> held_equal = {};
};

// What the engine knows of a type without asking it anything.
// Views of string literals: a type's facts live as long as the program.
struct TypeInfo {
  std::string_view type;     // "AWS::EC2::VPC"
  std::string_view service;  // "ec2": the concurrency and rate-limit bucket
  // The property that names the resource in AWS ("GroupName", "UserName"); empty for types
  // found by tags alone. When the file leaves it out, the engine derives a stable name.
  std::string_view name_property = {};
  std::size_t max_name_length = 128;  // the longest name AWS accepts, for derived names
  bool lowercase_name = false;        // derived names in lower case (S3 bucket names)
};

class Reconciler {
 public:
  explicit Reconciler(TypeInfo info) : info_(info) {}
  virtual ~Reconciler() = default;

  const TypeInfo& info() const { return info_; }
  std::string_view Type() const { return info_.type; }
  std::string_view Service() const { return info_.service; }

  // How a desired resource is matched to an observed one without our tags (look-alikes): its
  // name, or for a type found by tags alone its logical ID. A security group's key is
  // "vpc-id/group-name", since names are per VPC.
  virtual std::string IdentityKey(const DesiredResource& desired) const;

  // Every resource of this type in the region that is ours (owner tag) or matches one of the
  // scope's identity keys, in one bulk call where AWS has one; again in a cycle for late keys.
  virtual Task<ObservedList> ObserveAll(ObserveScope scope) = 0;
  // True when ObserveAll honours ObserveScope::focus with calls sized to the focus (a filter
  // on the logical-ID tag), so reacting to one file costs what that file holds, not the type.
  virtual bool ObservesFocus() const { return false; }

  // Pure. Only properties the file sets count; AWS's defaults for the rest are not drift.
  // By default the generic diff (DiffProperties).
  virtual Diff Compare(const DesiredResource& desired, const ObservedResource& observed) const;

  virtual Task<ObservedResource> Create(DesiredResource desired) = 0;
  // Brings the mutable fields in `diff` to their desired values. The engine has already
  // applied the user's Tags and leaves them out of `diff`; it calls Update only when something
  // else changed. By default nothing changes in place: an invalid-spec error naming the fields.
  virtual Task<void> Update(DesiredResource desired, ObservedResource observed, Diff diff);
  virtual Task<void> Delete(ObservedResource observed) = 0;

  // The resource AWS knows as `physical_id` in `region`, read on its own; nullopt when AWS has
  // none. The engine asks before creating a resource it knew (a remembered physical id) that
  // the bulk observation did not show: an index that lags must not make a twin. By default
  // nullopt without a call, right where a repeated create cannot make a twin (a name, a
  // client token).
  virtual Task<std::optional<ObservedResource>> Lookup(std::string physical_id, std::string region);

  // Settings AWS reveals only one resource at a time, one call each (an S3 bucket's
  // versioning, an ECR repository's tags): top-level property names. The engine reads them
  // within its budget (detail_reads.h), only those a file sets ("Tags" always: ownership lives
  // there), and puts what it read in ObservedResource::properties before Compare. A detail not
  // read yet is absent, so it is unknown, never a difference. ObserveAll leaves them out and,
  // when "Tags" is one, sets tags_unknown.
  virtual std::vector<std::string_view> DetailProperties() const { return {}; }
  // Reads one detail of `observed`: its value in CloudFormation's shape, null when AWS has none
  // (for "Tags": every tag, ours included, as [{Key, Value}]). Never changes AWS.
  virtual Task<nlohmann::json> ReadDetail(ObservedResource observed, std::string property);

  // Called by the engine before every write of this type (create, update, delete, tags), for
  // types that cache what they read (IAM's shared snapshot).
  virtual void BeforeWrite() {}

 private:
  TypeInfo info_;
};

}  // namespace awsr::engine
