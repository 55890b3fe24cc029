// AWS::EC2::RouteTable: VpcId (create-only) and Tags. Found by the ownership tags alone; its
// routes and subnet associations are resources of their own (route_reconciler.h,
// subnet_route_table_association_reconciler.h).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

class RouteTableReconciler final : public engine::Reconciler {
 public:
  explicit RouteTableReconciler(aws::AwsClient& client) : client_(client) {}

  std::string_view Type() const override { return "AWS::EC2::RouteTable"; }
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
