// AWS::IAM::InstanceProfile. Named (InstanceProfileName); owned by the tags
// CreateInstanceProfile applies. GetAccountAuthorizationDetails shows only profiles that hold
// a role, so profiles are observed with their own bulk read, one paginated
// ListInstanceProfiles per cycle. GetAtt: Arn.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::iam {

class InstanceProfileReconciler final : public engine::Reconciler {
 public:
  explicit InstanceProfileReconciler(aws::AwsClient& client) : client_(client) {}

  std::string_view Type() const override { return "AWS::IAM::InstanceProfile"; }
  std::string_view Service() const override { return "iam"; }
  std::string_view NameProperty() const override { return "InstanceProfileName"; }

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
  // Removes the roles the profile should not hold first (AWS allows one), then adds.
  boost::asio::awaitable<Result<void>> SyncRoles(std::string profile, nlohmann::json desired,
                                                 nlohmann::json observed);

  aws::AwsClient& client_;
};

}  // namespace awsr::reconcilers::iam
