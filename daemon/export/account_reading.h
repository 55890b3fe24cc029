// `awsreconciled export`, first half: every resource of the chosen types and regions, whoever
// owns it, with every per-resource setting read. An export runs once, so it reads at once what
// a cycle spreads over its detail budget (engine/detail_reads.h).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "daemon/engine/reconciler.h"
#include "daemon/engine/registry.h"

namespace awsr::exporting {

struct FoundResource {
  std::string type;     // "AWS::EC2::VPC"
  std::string service;  // "ec2": global services ("iam") are read in the first region only
  std::string name_property;  // TypeInfo::name_property: where a named type keeps its name
  engine::ObservedResource observed;
  // What a file that takes it over says in AdoptId, where the type cannot find it by the
  // file's properties (it knows its resources by our logical-ID tag): empty when it can.
  std::string adopt_id = {};
  // Why a file cannot declare it, found after reading (a function whose code could not be
  // downloaded: function_code_download.h); empty when it can.
  std::string why_not_exported = {};
};

struct ReadRequest {
  std::vector<std::string> types;    // empty: every supported type
  std::vector<std::string> regions;  // the first is the default region
  std::string owner;
};

struct AccountReading {
  std::vector<FoundResource> found;
  std::vector<std::string> failures;  // "AWS::S3::Bucket in eu-west-1: AccessDenied ..."
};

boost::asio::awaitable<AccountReading> ReadAccount(const engine::Registry& registry,
                                                   ReadRequest request);

}  // namespace awsr::exporting
