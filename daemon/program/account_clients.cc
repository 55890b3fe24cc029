#include "daemon/program/account_clients.h"

#include <filesystem>
#include <functional>

#include "daemon/aws/credential_fetchers.h"
#include "daemon/aws/refreshing_credentials.h"
#include "daemon/base/log.h"
#include "daemon/program/aws_wiring.h"
#include "reconcilers/register_all.h"

namespace awsr {

AccountClients::AccountClients(boost::asio::io_context& io, const config::Settings& settings,
                               std::shared_ptr<const aws::WriteFence> fence)
    : io_(io),
      settings_(settings),
      fence_(std::move(fence)),
      sts_(MakeAwsClient(io, settings, fence_)) {}

std::unique_ptr<engine::Registry> AccountClients::MakeRegistry(
    const config::AccountTarget& target) {
  const std::string account = config::AccountOfRole(target.role_arn);
  aws::RefreshingCredentialProvider::Fetch fetch = std::bind(
      aws::FetchAssumeRole, sts_, target.role_arn, target.SessionName(), target.external_id);
  auto credentials = std::make_shared<aws::RefreshingCredentialProvider>(
      io_.get_executor(), "assume-role " + target.role_arn, std::move(fetch));
  auto client = MakeAwsClient(io_, settings_, std::move(credentials), fence_);
  const std::string state_dir =
      (std::filesystem::path(settings_.state_dir) / "accounts" / account).string();
  std::error_code ignored;  // a missing directory fails the write that needs it, with its path
  std::filesystem::create_directories(state_dir, ignored);
  auto registry = std::make_unique<engine::Registry>();
  reconcilers::RegisterAll(*registry, {*client, state_dir, settings_.desired_dir});
  log::Info({}, "account {}: managed through {}", account, target.role_arn);
  clients_.push_back({account, target.role_arn, std::move(client)});
  return registry;
}

void AccountClients::ForEach(const std::function<void(const std::string&, const std::string&,
                                                      const aws::AwsClient&)>& visit) const {
  for (const RoleClient& role : clients_) visit(role.account, role.role_arn, *role.client);
}

}  // namespace awsr
