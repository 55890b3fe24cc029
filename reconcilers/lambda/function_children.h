// What a function's URL and the statements of its resource policy share: neither takes tags,
// so each is owned by a claim tag on its function (kit/parent_claims.h), "awsreconciled:url:"
// or "awsreconciled:permission:<statement id>"; and both are observed through their function,
// read only for functions this daemon owns that hold such claims, and those a file names.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"
#include "reconcilers/lambda/function_shared_reads.h"

namespace awsr::reconcilers::lambda {

// A function as its children see it.
struct ParentFunction {
  std::string name;
  std::string arn;
  engine::TagMap tags;
};

// The function name a FunctionName/TargetFunctionArn value names (a name, "name:qualifier",
// a partial or a full ARN). Pure.
std::string FunctionNameOf(const std::string& name_or_arn);

// The region's functions whose children must be read: ours holding a claim of `kind`, and
// those named in `wanted` (function names), from the cycle's shared read for `reader`; every
// function when `everything` (ObserveScope::everything, an export).
engine::Task<std::vector<ParentFunction>> ParentsToRead(LambdaSharedReads& shared,
                                                        std::string reader, std::string region,
                                                        std::string kind,
                                                        std::set<std::string> wanted,
                                                        bool everything = false);

// One function, with its tags, read on its own (before a child is created under it).
engine::Task<ParentFunction> ReadParent(aws::AwsClient& client, std::string region,
                                        std::string name_or_arn);

// Claims `desired` on `parent` unless it already holds it (a create after the child was removed
// outside), refusing a parent this daemon does not own.
engine::Task<void> Claim(aws::AwsClient& client, ParentFunction parent,
                         engine::DesiredResource desired, std::string claim_key,
                         bool child_present);

// Drops the claim recorded in `observed` (after its child is gone); a gone function is fine.
engine::Task<void> DropClaim(aws::AwsClient& client, engine::ObservedResource observed);

// Adoption and release of a claimed child: its claim on the function changes.
std::shared_ptr<engine::Ownership> FunctionClaims(aws::AwsClient& client);

}  // namespace awsr::reconcilers::lambda
