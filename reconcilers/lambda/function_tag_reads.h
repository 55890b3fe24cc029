// Where a function's URL and permissions find their claims (function_children.h). Lambda lists
// functions without their tags: ListTags is one call per function. To keep a cycle's reads
// bounded by what this daemon manages, tags are read again each cycle only for functions that
// were ours (or released by us) at the last read; any other function's tags are read once and
// again only when it changes (its RevisionId). A function of someone else's that is tagged ours
// from outside, without any change to it, is therefore seen at the next daemon start; ours are
// watched every cycle. (A function's own tags are the engine's detail reads instead.)
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

 private:
  struct Remembered {
    std::string revision;
    engine::TagMap tags;
  };
  aws::AwsClient& client_;
  std::map<std::string, Remembered> remembered_;  // by function ARN
};

}  // namespace awsr::reconcilers::lambda
