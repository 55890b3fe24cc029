// AWS::IAM::ManagedPolicy: a customer managed policy. Named (ManagedPolicyName); Ref is its
// ARN. Found in the shared bulk read (iam_snapshot.h), owned by the tags CreatePolicy applies.
// A new document becomes a new default version (policy_versions.h); Users, Groups and Roles
// are attachments made from the policy's side.
//
// GetAccountAuthorizationDetails does not carry a policy's tags, and ownership is in them.
// Tags are read with ListPolicyTags once per policy id and remembered: ownership tags only
// change through this daemon (create, RetagOwnership), which keeps the memory current, and a
// policy id is never reused. After a restart the first cycle reads the tags of each customer
// managed policy once; steady state reads none.
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

class ManagedPolicyReconciler final : public engine::Reconciler {
 public:
  ManagedPolicyReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot)
      : client_(client), snapshot_(std::move(snapshot)) {}

  std::string_view Type() const override { return "AWS::IAM::ManagedPolicy"; }
  std::string_view Service() const override { return "iam"; }
  std::string_view NameProperty() const override { return "ManagedPolicyName"; }

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
  boost::asio::awaitable<Result<void>> SetDocument(engine::ObservedResource observed,
                                                   nlohmann::json document);
  // Attaches the policy to the Users, Groups and Roles `desired` sets and it lacks, detaches
  // it from the others of those kinds.
  boost::asio::awaitable<Result<void>> SyncAttachments(std::string arn, nlohmann::json desired,
                                                       nlohmann::json observed);
  // After "already exists": ours if a fresh bulk read shows it with our tags.
  boost::asio::awaitable<Result<engine::ObservedResource>> FindOwn(engine::DesiredResource desired,
                                                                   Error duplicate);

  // The tags of each policy in `details`, from memory or ListPolicyTags.
  boost::asio::awaitable<Result<void>> LearnTags(std::shared_ptr<const AccountDetails> details);
  std::vector<engine::ObservedResource> Observed(const AccountDetails& details) const;

  aws::AwsClient& client_;
  std::map<std::string, std::map<std::string, std::string>> tags_by_policy_id_;
  std::shared_ptr<IamSnapshot> snapshot_;  // shared by every IAM type
};

}  // namespace awsr::reconcilers::iam
