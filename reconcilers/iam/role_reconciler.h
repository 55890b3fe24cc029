// AWS::IAM::Role. Named (RoleName); found in the shared bulk read (iam_snapshot.h); owned by
// the tags CreateRole applies. GetAtt: Arn, RoleId. Description and MaxSessionDuration are
// not in the bulk read: when a file sets one, a paginated ListRoles adds them.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/iam/iam_snapshot.h"

namespace awsr::reconcilers::iam {

class RoleReconciler final : public engine::Reconciler {
 public:
  RoleReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot)
      : client_(client), snapshot_(std::move(snapshot)) {}

  std::string_view Type() const override { return "AWS::IAM::Role"; }
  std::string_view Service() const override { return "iam"; }
  std::string_view NameProperty() const override { return "RoleName"; }
  std::size_t MaxNameLength() const override { return 64; }

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
  aws::AwsClient& client_;
  std::shared_ptr<IamSnapshot> snapshot_;  // shared by every IAM type
};

}  // namespace awsr::reconcilers::iam
