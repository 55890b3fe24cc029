// The AWS clients of the accounts the desired files name by RoleArn: one per role, whose
// credentials come from STS AssumeRole (cached, refreshed five minutes before they expire),
// signed with the daemon's own credentials. Each client paces its requests and counts its
// calls on its own: AWS's request limits are per account.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/account_target.h"
#include "config/settings.h"
#include "daemon/aws/aws_client.h"
#include "daemon/engine/registry.h"

namespace awsr {

// The daemon's own credential chain and client settings, as the settings configure them.
std::shared_ptr<aws::CredentialProvider> OwnCredentials(boost::asio::any_io_executor executor,
                                                        const config::Settings& settings);
aws::ClientSettings ClientSettingsFrom(const config::Settings& settings);
aws::Environment EnvironmentFrom(const config::Settings& settings);

class AccountClients {
 public:
  AccountClients(boost::asio::any_io_executor executor, const config::Settings& settings);

  // The reconcilers of the role's account, over a new client of that account
  // (engine::AccountRegistries::Factory). Private files (key pairs' keys, the IAM ledger) go to
  // STATE_DIR/accounts/ACCOUNT, apart from the daemon's own account's.
  std::unique_ptr<engine::Registry> MakeRegistry(const config::AccountTarget& target);
  // Each role's client, with the account it is in.
  void ForEach(const std::function<void(const std::string& account, const std::string& role_arn,
                                        const aws::AwsClient& client)>& visit) const;

 private:
  struct RoleClient {
    std::string account;
    std::string role_arn;
    std::unique_ptr<aws::AwsClient> client;
  };
  boost::asio::any_io_executor executor_;
  config::Settings settings_;
  // Signs AssumeRole with the daemon's own credentials; shared by every role's provider.
  std::shared_ptr<aws::AwsClient> sts_;
  std::vector<RoleClient> clients_;
};

}  // namespace awsr
