// AWS::IAM::UserToGroupAddition: the membership of the listed users in one group. AWS has no
// object for it, so it has no AWS id and no tags: each one is a ledger entry
// (ownership_ledger.h) keyed by its logical ID, naming the group and the users it added. The
// observed Users are the listed users AWS shows in the group, so a user removed behind the
// daemon's back is drift. Delete removes only the listed users; other members stay.
//
// There are no look-alikes: a membership nobody recorded cannot be told from members added
// by hand, so it is never reported (no identity key) and never claimed.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/iam/iam_snapshot.h"
#include "reconcilers/iam/ownership_ledger.h"

namespace awsr::reconcilers::iam {

class UserToGroupAdditionReconciler final : public engine::Reconciler {
 public:
  UserToGroupAdditionReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot,
                                std::shared_ptr<OwnershipLedger> ledger)
      : client_(client), snapshot_(std::move(snapshot)), ledger_(std::move(ledger)) {}

  std::string_view Type() const override { return "AWS::IAM::UserToGroupAddition"; }
  std::string_view Service() const override { return "iam"; }
  std::string IdentityKey(const engine::DesiredResource&) const override { return {}; }

  boost::asio::awaitable<Result<std::vector<engine::ObservedResource>>> ObserveAll(
      engine::ObserveScope scope) override;
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override;
  boost::asio::awaitable<Result<engine::ObservedResource>> Create(
      engine::DesiredResource desired) override;
  boost::asio::awaitable<Result<void>> Update(engine::DesiredResource desired,
                                              engine::ObservedResource observed,
                                              engine::Diff diff) override;
  boost::asio::awaitable<Result<void>> Delete(engine::ObservedResource observed) override;
  boost::asio::awaitable<Result<void>> RetagOwnership(engine::ObservedResource observed,
                                                      std::map<std::string, std::string> add,
                                                      std::vector<std::string> remove) override;

 private:
  boost::asio::awaitable<Result<void>> ChangeMembers(const char* operation, std::string group,
                                                     std::vector<std::string> users);

  aws::AwsClient& client_;
  std::shared_ptr<IamSnapshot> snapshot_;   // shared by every IAM type
  std::shared_ptr<OwnershipLedger> ledger_;  // shared with Group
};

}  // namespace awsr::reconcilers::iam
