// The AWS clients of the accounts the desired files name by RoleArn: one per role, whose
// credentials come from STS AssumeRole (cached, refreshed five minutes before they expire),
// signed with the daemon's own credentials. Each client paces its requests and counts its
// calls on its own: AWS's request limits are per account. Every one of them passes the lease's
// write fence, like the daemon's own client: a standby writes to no account.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/account_target.h"
#include "config/settings.h"
#include "daemon/aws/aws_client.h"
#include "daemon/aws/write_fence.h"
#include "daemon/engine/registry.h"

namespace awsr {

class AccountClients {
 public:
  // fence: nullptr (no lease), or the gate every mutating call passes (aws_wiring.h).
  AccountClients(boost::asio::io_context& io, const config::Settings& settings,
                 std::shared_ptr<const aws::WriteFence> fence);

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
  boost::asio::io_context& io_;
  config::Settings settings_;
  std::shared_ptr<const aws::WriteFence> fence_;
  // Signs AssumeRole with the daemon's own credentials; shared by every role's provider.
  std::shared_ptr<aws::AwsClient> sts_;
  std::vector<RoleClient> clients_;
};

}  // namespace awsr
