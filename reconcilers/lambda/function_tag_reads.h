// Where a function's URL and permissions find their claims (function_children.h). Lambda lists
// functions without their tags: ListTags is one call per function. To keep a cycle's reads
// bounded by the read budget, a function's tags are read here once, and again only when the
// function changes (its RevisionId) or after a write of ours to a Lambda type (for the
// functions that carry our tags, an owner or a claim, which that write may have moved). A function of ours has its
// tags read anyway, as the engine's detail read of its own Tags (within the budget): that read
// is remembered here too (Remember), so its claims follow it without a second ListTags. A
// function of someone else's that is tagged ours from outside, without any change to it, is
// therefore seen at the next daemon start.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::lambda {

class FunctionTagReads {
 public:
  explicit FunctionTagReads(aws::AwsClient& client) : client_(client) {}

  // The tags of every function in `functions` (ListFunctions configurations), by ARN; read
  // now or remembered as described above.
  engine::Task<std::map<std::string, engine::TagMap>> Read(std::string region,
                                                           std::vector<nlohmann::json> functions);
  // The tags a read elsewhere found for the function `arn` at `revision`.
  void Remember(const std::string& arn, std::string revision, engine::TagMap tags);
  // Read the tags of the functions that carry any of ours (an owner, a claim) again next time:
  // a write of ours may have changed them.
  void ForgetOurs();

 private:
  struct Remembered {
    std::string revision;
    engine::TagMap tags;
  };
  aws::AwsClient& client_;
  std::map<std::string, Remembered> remembered_;  // by function ARN
};

}  // namespace awsr::reconcilers::lambda
