// AWS::EC2::VPC. VPCs have no name: they are found by the ownership tags alone, so a VPC's
// identity is its logical ID as tagged at creation.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

class VpcReconciler final : public engine::Reconciler {
 public:
  explicit VpcReconciler(aws::AwsClient& client) : client_(client) {}

  std::string_view Type() const override { return "AWS::EC2::VPC"; }
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
  // {"EnableDnsSupport": bool, "EnableDnsHostnames": bool} of one VPC, only those in `wanted`.
  boost::asio::awaitable<Result<nlohmann::json>> ReadDnsAttributes(std::string region,
                                                                   std::string vpc_id,
                                                                   std::set<std::string> wanted);
  boost::asio::awaitable<Result<void>> WriteDnsAttribute(std::string region, std::string vpc_id,
                                                         std::string property, bool value);
  // VPC id -> the id of its "default" security group (GetAtt DefaultSecurityGroup).
  boost::asio::awaitable<Result<std::map<std::string, std::string>>> DefaultGroups(
      std::string region, std::vector<std::string> vpc_ids);

  aws::AwsClient& client_;
};

}  // namespace awsr::reconcilers::ec2
