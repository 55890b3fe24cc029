#include "reconcilers/lambda/function_tag_reads.h"

#include "daemon/base/json_fields.h"
#include "reconcilers/lambda/lambda_calls.h"

namespace awsr::reconcilers::lambda {

using nlohmann::json;

engine::Task<std::map<std::string, engine::TagMap>> FunctionTagReads::Read(
    std::string region, std::vector<json> functions) {
  std::map<std::string, engine::TagMap> tags;
  std::map<std::string, Remembered> remembered;
  for (const auto& function : functions) {
    const std::string arn = StringField(function, "FunctionArn");
    const std::string revision = StringField(function, "RevisionId");
    const auto known = remembered_.find(arn);
    const bool watched = known == remembered_.end() || known->second.revision != revision ||
                         known->second.tags.contains(std::string(engine::kOwnerTag));
    if (!watched) {
      tags[arn] = known->second.tags;
      remembered[arn] = known->second;
      continue;
    }
    auto read = co_await FunctionTags(client_, region, arn);
    if (!read) {
      // Deleted between the list and this read: it is gone.
      if (read.error().kind == ErrorKind::kNotFound) continue;
      co_return read.error();
    }
    tags[arn] = *read;
    remembered[arn] = {revision, std::move(*read)};
  }
  remembered_ = std::move(remembered);  // functions no longer listed are forgotten
  co_return tags;
}

}  // namespace awsr::reconcilers::lambda
