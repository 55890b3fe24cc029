// AWS::EC2::SecurityGroup with its SecurityGroupIngress / SecurityGroupEgress rules. Groups are
// named per VPC, so a group's identity is "<vpc-id>/<group-name>".
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/ec2/security_group_rules.h"

namespace awsr::reconcilers::ec2 {

class SecurityGroupReconciler final : public engine::Reconciler {
 public:
  explicit SecurityGroupReconciler(aws::AwsClient& client) : client_(client) {}

  std::string_view Type() const override { return "AWS::EC2::SecurityGroup"; }
  std::string_view Service() const override { return "ec2"; }
  std::string_view NameProperty() const override { return "GroupName"; }
  std::size_t MaxNameLength() const override { return 255; }
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
  // Revokes the observed rules the file does not list, then authorizes the missing ones
  // (revoking first lets a rule change only its description).
  boost::asio::awaitable<Result<void>> SyncRules(std::string region, std::string group_id,
                                                 Direction direction,
                                                 std::vector<SecurityGroupRule> desired,
                                                 std::vector<SecurityGroupRule> observed);
  // After InvalidGroup.Duplicate: the existing group, when it is the one `desired` created.
  boost::asio::awaitable<Result<engine::ObservedResource>> FindOwnDuplicate(
      engine::DesiredResource desired, Error duplicate);

  aws::AwsClient& client_;
};

}  // namespace awsr::reconcilers::ec2
