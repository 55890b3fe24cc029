// Tags on the IAM resources that take them (users, roles, managed policies, instance
// profiles). Tag and Untag differ per type only in their operation suffix and the member that
// names the resource, so one TagTarget describes all four.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "daemon/error.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::iam {

struct TagTarget {
  std::string suffix;  // "User": TagUser, UntagUser
  std::string member;  // "UserName", "PolicyArn"
  std::string id;      // its value
};

// The create call's Tags: the file's Tags plus the ownership tags, so the resource is never
// visible untagged.
nlohmann::json CreationTagList(const engine::DesiredResource& desired);

// Tag<suffix> for `changes.set`, then Untag<suffix> for `changes.remove`; no call when empty.
boost::asio::awaitable<Result<void>> ApplyTagChanges(aws::AwsClient& client, TagTarget target,
                                                     ec2::TagChanges changes);

// Brings the user's tags to the file's Tags, leaving awsreconciled:* tags alone.
boost::asio::awaitable<Result<void>> SyncUserTags(aws::AwsClient& client, TagTarget target,
                                                  nlohmann::json desired_tags,
                                                  std::map<std::string, std::string> observed);

// Reconciler::RetagOwnership for any taggable IAM resource.
boost::asio::awaitable<Result<void>> Retag(aws::AwsClient& client, TagTarget target,
                                           std::map<std::string, std::string> add,
                                           std::vector<std::string> remove);

// After a create failed with "already exists": reads the existing resource with `get` (whose
// answer holds it under `member`) and returns it when its tags say it is the one `desired`
// would have created (a retry after a lost answer, or a crash); `duplicate` otherwise.
boost::asio::awaitable<Result<nlohmann::json>> ExistingIfOurs(aws::AwsClient& client,
                                                              aws::CallRequest get,
                                                              std::string member,
                                                              engine::DesiredResource desired,
                                                              Error duplicate);

}  // namespace awsr::reconcilers::iam
