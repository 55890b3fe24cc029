// What the three Lambda types read once a cycle and share (kit/cycle_shared_read.h): the
// region's function list (ListFunctions), which each of them observes through, and the tags of
// the functions whose URLs and permissions may be ours (function_tag_reads.h), where the two
// child types find their claims. A function's own tags are a detail the engine reads within
// its budget (function_reconciler.cc). Every write of a Lambda type drops both reads.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"
#include "reconcilers/kit/cycle_shared_read.h"
#include "reconcilers/lambda/function_tag_reads.h"
#include "reconcilers/lambda/lambda_calls.h"

namespace awsr::reconcilers::lambda {

using FunctionList = std::vector<nlohmann::json>;  // ListFunctions' configurations

struct FunctionsWithTags {
  FunctionList functions;
  std::map<std::string, engine::TagMap> tags;  // by ARN; none for a function gone since the list
};

class LambdaSharedReads {
 public:
  explicit LambdaSharedReads(aws::AwsClient& client)
      : client_(client),
        tag_reads_(client),
        functions_(client_, &ListFunctions),
        parents_(*this, &ReadParents) {}

  // The region's functions, for `reader` (its type name).
  engine::Task<std::shared_ptr<const FunctionList>> Functions(std::string reader,
                                                              std::string region) {
    return functions_.Read(std::move(reader), std::move(region));
  }

  // The region's functions with their tags as function_tag_reads.h bounds them.
  engine::Task<std::shared_ptr<const FunctionsWithTags>> Parents(std::string reader,
                                                                 std::string region) {
    return parents_.Read(std::move(reader), std::move(region));
  }

  // What the engine's detail read of a function's own tags found (function_tag_reads.h).
  void RememberTags(const std::string& arn, std::string revision, engine::TagMap tags) {
    tag_reads_.Remember(arn, std::move(revision), std::move(tags));
  }

  void Invalidate() {
    functions_.Invalidate();
    parents_.Invalidate();
    tag_reads_.ForgetOurs();
  }

 private:
  static engine::Task<FunctionsWithTags> ReadParents(LambdaSharedReads& self, std::string region) {
    auto functions = co_await self.functions_.Read("parents", region);
    if (!functions) co_return functions.error();
    auto tags = co_await self.tag_reads_.Read(region, **functions);
    if (!tags) co_return tags.error();
    FunctionsWithTags read{**functions, std::move(*tags)};
    co_return read;
  }

  aws::AwsClient& client_;
  FunctionTagReads tag_reads_;
  kit::CycleSharedRead<FunctionList, aws::AwsClient> functions_;
  kit::CycleSharedRead<FunctionsWithTags, LambdaSharedReads> parents_;
};

}  // namespace awsr::reconcilers::lambda
