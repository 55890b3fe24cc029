// Ownership for the many types whose API has one call that sets tags and one that removes
// them (EC2 CreateTags/DeleteTags, IAM TagUser/UntagUser, RDS AddTagsToResource/
// RemoveTagsFromResource, ...). A service describes its two calls; this sends them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::kit {

class TagCalls final : public engine::Ownership {
 public:
  using SetCall =
      std::function<aws::CallRequest(const engine::ObservedResource&, const engine::TagMap&)>;
  using RemoveCall = std::function<aws::CallRequest(const engine::ObservedResource&,
                                                    const std::vector<std::string>&)>;

  TagCalls(aws::AwsClient& client, SetCall set, RemoveCall remove)
      : client_(client), set_(std::move(set)), remove_(std::move(remove)) {}

  engine::Task<void> Retag(engine::ObservedResource observed, engine::TagMap set,
                           std::vector<std::string> remove) override;

 private:
  aws::AwsClient& client_;
  SetCall set_;
  RemoveCall remove_;
};

}  // namespace awsr::reconcilers::kit
