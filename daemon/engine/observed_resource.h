// A resource as AWS has it, and the tags that say whose it is.
#pragma once

#include <boost/container/flat_map.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "daemon/base/packed_json.h"
#include "daemon/engine/tags.h"

namespace awsr::engine {

// Tags that carry ownership: the tags are the state.
inline constexpr std::string_view kOwnerTag = "awsreconciled:owner";
inline constexpr std::string_view kLogicalIdTag = "awsreconciled:logical-id";
inline constexpr std::string_view kDeletionPolicyTag = "awsreconciled:deletion-policy";

// Fn::GetAtt values by name: a sorted vector, as a resource holds a handful, each name a
// Symbol (daemon/base/symbol.h): "Arn", "GroupId" and the like, held once for all resources.
using AttributeMap = boost::container::flat_map<Symbol, nlohmann::json, std::less<>>;

// A resource as AWS has it, in CloudFormation's property names.
struct ObservedResource {
  std::string physical_id;   // what Ref returns: "vpc-0abc", "sg-0abc", a user name, an ARN
  std::string identity_key;  // what a desired resource's IdentityKey() is matched against
  Symbol region;             // where it lives ("us-east-1"; the client's default for IAM)
  // "Tags" excludes awsreconciled:* tags. Packed: held for every resource between the cycles that
  // read it, and read only by a plan that runs (a DOM would be several times the bytes).
  PackedJson properties;
  TagMap tags;  // every tag, ours included
  // Fn::GetAtt values: "GroupId", "Arn", ...
  AttributeMap attributes;
  Symbol aws_state;  // AWS's own lifecycle word, when it has one ("pending", ...)
  // Reconciler-private details needed by Update/Delete (association ids, versions, ...). Null
  // until a type sets one (`internal["x"] = ...` makes it an object): most types set none, and
  // an empty object is a heap map of its own in every resource. Read it with StringField or
  // MemberOr (json_fields.h), which take a null as empty; nlohmann's value() throws on one.
  nlohmann::json internal;
  // The flags together, after the rest: a flag between two pointers took eight bytes, and the
  // 184 bytes an item was then put it with its count in a block of 224, not 192.
  bool ready = true;  // usable now; false while AWS is still creating it
  // The type keeps its tags in a detail (DetailProperties has "Tags") not read yet: the
  // resource is neither ours nor anyone's until it is, so nothing acts on it.
  bool tags_unknown = false;
  // AWS made it on its own with the account or with a parent (the default VPC and its subnets, a
  // VPC's default security group and main route table): `awsreconciled export` leaves such
  // resources out unless asked.
  bool made_by_aws = false;

  std::string Tag(std::string_view key) const;
  // The same without a copy: null when the tag is not there.
  const std::string* FindTag(std::string_view key) const;
};

}  // namespace awsr::engine
