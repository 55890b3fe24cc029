// AWS::IAM::Group. Named (GroupName); found in the shared bulk read (iam_snapshot.h). IAM
// groups take no tags, so ownership is recorded in the ledger (ownership_ledger.h) by name and
// group id, and reported as the group's tags.
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

class GroupReconciler final : public engine::Reconciler {
 public:
  GroupReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot,
                  std::shared_ptr<OwnershipLedger> ledger)
      : client_(client), snapshot_(std::move(snapshot)), ledger_(std::move(ledger)) {}

  std::string_view Type() const override { return "AWS::IAM::Group"; }
  std::string_view Service() const override { return "iam"; }
  std::string_view NameProperty() const override { return "GroupName"; }

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
  // The ledger's tags for a group, if the entry names this very group (same id).
  std::map<std::string, std::string> LedgerTags(const engine::ObservedResource& group) const;

  aws::AwsClient& client_;
  std::shared_ptr<IamSnapshot> snapshot_;   // shared by every IAM type
  std::shared_ptr<OwnershipLedger> ledger_;  // shared with UserToGroupAddition
};

}  // namespace awsr::reconcilers::iam
