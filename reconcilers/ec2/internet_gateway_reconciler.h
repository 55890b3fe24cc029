// AWS::EC2::InternetGateway: only Tags. Found by the ownership tags alone; its attachment to a
// VPC is a resource of its own (vpc_gateway_attachment_reconciler.h).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

class InternetGatewayReconciler final : public engine::Reconciler {
 public:
  explicit InternetGatewayReconciler(aws::AwsClient& client) : client_(client) {}

  std::string_view Type() const override { return "AWS::EC2::InternetGateway"; }
  std::string_view Service() const override { return "ec2"; }
  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return desired.logical_id;
  }

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
};

}  // namespace awsr::reconcilers::ec2
