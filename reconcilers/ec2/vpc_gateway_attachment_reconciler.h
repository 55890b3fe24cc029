// AWS::EC2::VPCGatewayAttachment: an internet gateway attached to a VPC. AWS gives the
// attachment no ID or tags: it is "<gateway-id>|<vpc-id>" (Ref and identity key), seen in
// DescribeInternetGateways' attachments of our gateways, and ours when the gateway is ours and
// claims it (ec2_claims.h). Both properties are mutable: a change detaches and attaches again.
// Only internet gateways (InternetGatewayId) are supported, not VpnGatewayId.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

class VpcGatewayAttachmentReconciler final : public engine::Reconciler {
 public:
  explicit VpcGatewayAttachmentReconciler(aws::AwsClient& client) : client_(client) {}

  std::string_view Type() const override { return "AWS::EC2::VPCGatewayAttachment"; }
  std::string_view Service() const override { return "ec2"; }
  std::string IdentityKey(const engine::DesiredResource& desired) const override;

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
