// AWS::EC2::KeyPair. Imported when the file gives PublicKeyMaterial; otherwise created by AWS,
// whose private half is returned once and kept only in the daemon's state directory
// (PrivateKeyStore). A key pair's Ref is its name, which is also its identity.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/ec2/private_key_store.h"

namespace awsr::reconcilers::ec2 {

class KeyPairReconciler final : public engine::Reconciler {
 public:
  KeyPairReconciler(aws::AwsClient& client, std::string state_dir)
      : client_(client), keys_(std::move(state_dir)) {}

  std::string_view Type() const override { return "AWS::EC2::KeyPair"; }
  std::string_view Service() const override { return "ec2"; }
  std::string_view NameProperty() const override { return "KeyName"; }
  std::size_t MaxNameLength() const override { return 255; }

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
  // CreateKeyPair, then the private key to its file; a key whose file cannot be written is
  // deleted again, since nobody could ever use it.
  boost::asio::awaitable<Result<engine::ObservedResource>> CreateWithPrivateKey(
      engine::DesiredResource desired);
  // After InvalidKeyPair.Duplicate: the existing key, when it is the one `desired` created.
  boost::asio::awaitable<Result<engine::ObservedResource>> FindOwnDuplicate(
      engine::DesiredResource desired, Error duplicate);
  engine::ObservedResource FromDescribe(const nlohmann::json& key, const std::string& region) const;

  aws::AwsClient& client_;
  PrivateKeyStore keys_;
};

}  // namespace awsr::reconcilers::ec2
