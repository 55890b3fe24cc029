#include "daemon/program/account_clients.h"

#include <filesystem>
#include <functional>

#include "daemon/aws/credential_chain.h"
#include "daemon/aws/credential_fetchers.h"
#include "daemon/aws/refreshing_credentials.h"
#include "daemon/base/log.h"
#include "reconcilers/register_all.h"

namespace awsr {

aws::Environment EnvironmentFrom(const config::Settings& settings) {
  aws::Environment environment = aws::Environment::FromProcess();
  if (!settings.profile.empty()) environment.Set("AWS_PROFILE", settings.profile);
  return environment;
}

aws::ClientSettings ClientSettingsFrom(const config::Settings& settings) {
  aws::ClientSettings client_settings;
  client_settings.region = settings.region;
  client_settings.endpoints = {settings.endpoint_url, settings.service_endpoints, false};
  client_settings.pace_published_limits = settings.pace_requests;
  return client_settings;
}

std::shared_ptr<aws::CredentialProvider> OwnCredentials(boost::asio::any_io_executor executor,
                                                        const config::Settings& settings) {
  aws::EndpointSettings endpoints{settings.endpoint_url, settings.service_endpoints, false};
  return std::make_shared<aws::CredentialChain>(
      executor, EnvironmentFrom(settings),
      aws::CredentialChainSettings{settings.region, endpoints, {}, std::chrono::seconds(60)});
}

AccountClients::AccountClients(boost::asio::any_io_executor executor,
                               const config::Settings& settings)
    : executor_(executor),
      settings_(settings),
      sts_(std::make_shared<aws::AwsClient>(executor, OwnCredentials(executor, settings),
                                            ClientSettingsFrom(settings),
                                            EnvironmentFrom(settings))) {}

std::unique_ptr<engine::Registry> AccountClients::MakeRegistry(
    const config::AccountTarget& target) {
  const std::string account = config::AccountOfRole(target.role_arn);
  aws::RefreshingCredentialProvider::Fetch fetch = std::bind(
      aws::FetchAssumeRole, sts_, target.role_arn, target.SessionName(), target.external_id);
  auto credentials = std::make_shared<aws::RefreshingCredentialProvider>(
      executor_, "assume-role " + target.role_arn, std::move(fetch));
  auto client = std::make_unique<aws::AwsClient>(
      executor_, std::move(credentials), ClientSettingsFrom(settings_), EnvironmentFrom(settings_));
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
