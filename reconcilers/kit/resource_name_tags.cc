#include "reconcilers/kit/resource_name_tags.h"

#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/query_list.h"
#include "reconcilers/kit/tag_calls.h"
#include "reconcilers/kit/write_only.h"

namespace awsr::reconcilers::kit {

using nlohmann::json;

namespace {

aws::CallRequest TagCall(const char* service, const char* operation,
                         const engine::ObservedResource& observed, json params) {
  params["ResourceName"] = StringField(observed.internal, "arn");
  aws::CallRequest call(service, operation, std::move(params));
  call.region = observed.region;
  return call;
}

}  // namespace

aws::CallRequest SetTagsCall(const ResourceNameTagging& tagging,
                             const engine::ObservedResource& observed, const engine::TagMap& tags) {
  return TagCall(tagging.service, tagging.set, observed,
                 {{"Tags", QueryList("Tag", engine::TagList(tags))}});
}

engine::Task<void> SetWriteOnlyStamp(aws::AwsClient& client, ResourceNameTagging tagging,
                                     engine::ObservedResource observed, std::string stamp) {
  if (stamp.empty() || observed.Tag(kWriteOnlyTag) == stamp) co_return Result<void>{};
  const engine::TagMap tags = {{std::string(kWriteOnlyTag), stamp}};
  const aws::CallRequest call = SetTagsCall(tagging, observed, tags);
  co_return co_await CallForEffect(client, call);
}

std::unique_ptr<engine::Ownership> ResourceNameTags(aws::AwsClient& client,
                                                    ResourceNameTagging tagging) {
  return std::make_unique<TagCalls>(
      client,
      [tagging](const engine::ObservedResource& observed, const engine::TagMap& tags) {
        return SetTagsCall(tagging, observed, tags);
      },
      [tagging](const engine::ObservedResource& observed, const std::vector<std::string>& keys) {
        return TagCall(tagging.service, tagging.remove, observed,
                       {{"TagKeys", QueryList(tagging.key_element, json(keys))}});
      });
}

}  // namespace awsr::reconcilers::kit
