// Ownership for services that tag by ARN with the same two query calls, {ResourceName, Tags}
// to set and {ResourceName, TagKeys} to remove: RDS (AddTagsToResource/RemoveTagsFromResource)
// and Redshift (CreateTags/DeleteTags). The ARN is the observed resource's internal "arn".
#pragma once

#include <memory>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/ownership.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::kit {

struct ResourceNameTagging {
  const char* service;      // "rds"
  const char* set;          // "AddTagsToResource"
  const char* remove;       // "RemoveTagsFromResource"
  const char* key_element;  // the TagKeys list's element: "member" (RDS), "TagKey" (Redshift)
};

// The call that sets `tags` on the resource `observed` (its internal "arn").
aws::CallRequest SetTagsCall(const ResourceNameTagging& tagging,
                             const engine::ObservedResource& observed, const engine::TagMap& tags);

// Sets `stamp` (kit/write_only.h) on `observed` unless it is there already or empty: called
// after the write-only values it stands for have been sent.
engine::Task<void> SetWriteOnlyStamp(aws::AwsClient& client, ResourceNameTagging tagging,
                                     engine::ObservedResource observed, std::string stamp);

std::unique_ptr<engine::Ownership> ResourceNameTags(aws::AwsClient& client,
                                                    ResourceNameTagging tagging);

}  // namespace awsr::reconcilers::kit
