// AWS::EC2::SubnetRouteTableAssociation: a subnet's explicit route table. Its Ref is AWS's
// association ID ("rtbassoc-…"); it has no tags, so it is ours when the route table is ours and
// claims the subnet (ec2_claims.h); its identity key is "<route-table-id>|<subnet-id>". Both
// properties are create-only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

class SubnetRouteTableAssociationReconciler final : public engine::Reconciler {
 public:
  explicit SubnetRouteTableAssociationReconciler(aws::AwsClient& client) : client_(client) {}

  std::string_view Type() const override { return "AWS::EC2::SubnetRouteTableAssociation"; }
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
