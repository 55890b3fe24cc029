#include "reconcilers/lambda/function_tag_reads.h"

#include <algorithm>

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
    if (known != remembered_.end() && known->second.revision == revision) {
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

void FunctionTagReads::Remember(const std::string& arn, std::string revision,
                                engine::TagMap tags) {
  remembered_[arn] = {std::move(revision), std::move(tags)};
}

void FunctionTagReads::ForgetOurs() {
  std::erase_if(remembered_, [](const auto& entry) {
    return std::ranges::any_of(entry.second.tags,
                               [](const auto& tag) { return engine::IsReservedTag(tag.first); });
  });
}

}  // namespace awsr::reconcilers::lambda
