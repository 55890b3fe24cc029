#include "daemon/program/aws_wiring.h"

#include "daemon/aws/credential_chain.h"
#include "daemon/lease/fenced_transport.h"
#include "reconcilers/register_all.h"

namespace awsr {
namespace {

aws::EndpointSettings EndpointsFrom(const config::Settings& settings) {
  return {settings.endpoint_url, settings.service_endpoints, false};
}

aws::Environment EnvironmentFrom(const config::Settings& settings) {
  aws::Environment environment = aws::Environment::FromProcess();
  if (!settings.profile.empty()) environment.Set("AWS_PROFILE", settings.profile);
  return environment;
}

}  // namespace

std::shared_ptr<aws::CredentialProvider> OwnCredentials(boost::asio::io_context& io,
                                                        const config::Settings& settings) {
  return std::make_shared<aws::CredentialChain>(
      io.get_executor(), EnvironmentFrom(settings),
      aws::CredentialChainSettings{
          settings.region, EndpointsFrom(settings), {}, std::chrono::seconds(60)});
}

std::unique_ptr<aws::AwsClient> MakeAwsClient(boost::asio::io_context& io,
                                              const config::Settings& settings,
                                              std::shared_ptr<aws::CredentialProvider> credentials,
                                              std::shared_ptr<const aws::WriteFence> fence) {
  aws::ClientSettings client_settings;
  client_settings.region = settings.region;
  client_settings.endpoints = EndpointsFrom(settings);
  client_settings.pace_published_limits = settings.pace_requests;
  std::shared_ptr<aws::HttpTransport> transport;
  if (fence) {
    transport = std::make_shared<lease::FencedTransport>(
        std::make_shared<aws::BeastTransport>(io.get_executor(), client_settings.transport),
        std::move(fence));
  }
  return std::make_unique<aws::AwsClient>(io.get_executor(), std::move(credentials),
                                          std::move(client_settings), EnvironmentFrom(settings),
                                          std::move(transport));
}

std::unique_ptr<aws::AwsClient> MakeAwsClient(boost::asio::io_context& io,
                                              const config::Settings& settings,
                                              std::shared_ptr<const aws::WriteFence> fence) {
  return MakeAwsClient(io, settings, OwnCredentials(io, settings), std::move(fence));
}

engine::Registry MakeRegistry(aws::AwsClient& client, const config::Settings& settings) {
  engine::Registry registry;
  reconcilers::RegisterAll(registry, {client, settings.state_dir, settings.desired_dir});
  return registry;
}

}  // namespace awsr
