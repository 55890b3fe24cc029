#include "daemon/aws/credential_chain.h"

#include <functional>

#include "daemon/aws/aws_client.h"
#include "daemon/aws/credential_fetchers.h"
#include "daemon/aws/credential_parsing.h"
#include "daemon/aws/refreshing_credentials.h"
#include "daemon/aws/static_credentials.h"

namespace awsr::aws {
namespace {

constexpr int kMaxSourceProfileDepth = 4;

Error NotConfigured(std::string message) {
  Error error = MakeError(ErrorKind::kAccessDenied, std::move(message));
  error.aws_code = "NoCredentials";
  return error;
}

std::shared_ptr<CredentialProvider> Static(Credentials credentials) {
  return std::make_shared<StaticCredentialProvider>(std::move(credentials));
}

}  // namespace

CredentialChain::CredentialChain(boost::asio::any_io_executor executor, Environment env,
                                 CredentialChainSettings settings)
    : executor_(std::move(executor)), env_(std::move(env)), settings_(std::move(settings)) {}

std::string CredentialChain::Source() const { return selected_ ? selected_->Source() : ""; }

boost::asio::awaitable<Result<Credentials>> CredentialChain::Get() {
  if (!selected_) {
    auto selected = Select();
    if (!selected) co_return selected.error();
    selected_ = std::move(*selected);
  }
  // Held here: Invalidate() may drop selected_ while this Get() waits on it.
  std::shared_ptr<CredentialProvider> provider = selected_;
  co_return co_await provider->Get();
}

std::string CredentialChain::RegionFor(const Profile* profile) const {
  if (!settings_.region.empty()) return settings_.region;
  if (profile != nullptr) {
    if (auto region = profile->Get("region")) return *region;
  }
  return env_.GetOr("AWS_REGION", env_.GetOr("AWS_DEFAULT_REGION", "us-east-1"));
}

std::shared_ptr<CredentialProvider> CredentialChain::StsBacked(
    std::string source, std::shared_ptr<CredentialProvider> base, std::string role_arn,
    std::string session_name, std::string external_id, std::string token_file, std::string region) {
  ClientSettings client_settings;
  client_settings.region = std::move(region);
  client_settings.endpoints = settings_.endpoints;
  client_settings.transport = settings_.transport;
  if (!base) base = Static(Credentials());  // web identity calls are unsigned
  auto sts = std::make_shared<AwsClient>(executor_, std::move(base), client_settings, env_);
  RefreshingCredentialProvider::Fetch fetch =
      token_file.empty() ? RefreshingCredentialProvider::Fetch(
                               std::bind(FetchAssumeRole, sts, role_arn, session_name, external_id))
                         : RefreshingCredentialProvider::Fetch(std::bind(
                               FetchWebIdentity, sts, role_arn, token_file, session_name));
  return std::make_shared<RefreshingCredentialProvider>(executor_, std::move(source),
                                                        std::move(fetch));
}

Result<std::shared_ptr<CredentialProvider>> CredentialChain::FromProfile(const SharedConfig& config,
                                                                         const Profile& profile,
                                                                         int depth) {
  std::string name = "profile:" + profile.name;
  std::string session = profile.Get("role_session_name").value_or("awsreconciled");
  if (auto role_arn = profile.Get("role_arn")) {
    if (auto token_file = profile.Get("web_identity_token_file")) {
      return StsBacked(name + " web-identity " + *role_arn, nullptr, *role_arn, session, "",
                       *token_file, RegionFor(&profile));
    }
    auto source_name = profile.Get("source_profile");
    if (!source_name) {
      return NotConfigured(name +
                           " has role_arn without source_profile (credential_source is "
                           "not supported)");
    }
    if (depth >= kMaxSourceProfileDepth) return NotConfigured(name + ": source_profile loop");
    // A profile that is its own source holds the keys beside role_arn.
    std::optional<Profile> source = config.Find(*source_name);
    if (!source) return NotConfigured(name + ": source_profile " + *source_name + " not found");
    Result<std::shared_ptr<CredentialProvider>> base =
        *source_name == profile.name ? Result<std::shared_ptr<CredentialProvider>>(nullptr)
                                     : FromProfile(config, *source, depth + 1);
    if (!base) return base.error();
    if (!*base) {
      auto keys = CredentialsFromProfile(*source);
      if (!keys) return NotConfigured(name + ": source_profile has no keys");
      *base = Static(*keys);
    }
    return StsBacked(name + " assume-role " + *role_arn, *base, *role_arn, session,
                     profile.Get("external_id").value_or(""), "", RegionFor(&profile));
  }
  if (auto command = profile.Get("credential_process")) {
    RefreshingCredentialProvider::Fetch fetch =
        std::bind(FetchFromProcess, executor_, *command, settings_.process_timeout);
    return std::shared_ptr<CredentialProvider>(std::make_shared<RefreshingCredentialProvider>(
        executor_, "credential-process " + name, std::move(fetch)));
  }
  if (auto keys = CredentialsFromProfile(profile)) return Static(*keys);
  return NotConfigured(name + " has no credentials");
}

Result<std::shared_ptr<CredentialProvider>> CredentialChain::Select() {
  if (auto keys = CredentialsFromEnvironment(env_)) return Static(*keys);
  if (auto keys = CredentialsFromSystemd(env_)) return Static(*keys);

  SharedConfig config = SharedConfig::Load(env_);
  std::string profile_name = SharedConfig::SelectedProfile(env_);
  if (std::optional<Profile> profile = config.Find(profile_name)) {
    auto provider = FromProfile(config, *profile, 0);
    if (provider || env_.Get("AWS_PROFILE")) return provider;
  } else if (env_.Get("AWS_PROFILE")) {
    return NotConfigured("AWS_PROFILE names profile " + profile_name + ", which does not exist");
  }

  auto token_file = env_.Get("AWS_WEB_IDENTITY_TOKEN_FILE");
  auto role_arn = env_.Get("AWS_ROLE_ARN");
  if (token_file && role_arn) {
    return StsBacked("web-identity " + *role_arn, nullptr, *role_arn,
                     env_.GetOr("AWS_ROLE_SESSION_NAME", "awsreconciled"), "", *token_file,
                     RegionFor(nullptr));
  }

  if (env_.GetOr("AWS_EC2_METADATA_DISABLED", "false") != "true") {
    std::string url = env_.GetOr("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254");
    auto endpoint = ParseEndpointUrl(url, /*allow_plain_http=*/true);
    if (!endpoint) return endpoint.error();
    TransportSettings imds_settings;
    imds_settings.connect_timeout = std::chrono::seconds(1);
    imds_settings.total_timeout = std::chrono::seconds(5);
    auto transport = std::make_shared<BeastTransport>(executor_, imds_settings);
    TransportTarget target{endpoint->tls, endpoint->host, endpoint->port};
    RefreshingCredentialProvider::Fetch fetch = std::bind(FetchFromImds, transport, target);
    return std::shared_ptr<CredentialProvider>(std::make_shared<RefreshingCredentialProvider>(
        executor_, "ec2-instance-metadata", std::move(fetch)));
  }
  return NotConfigured(
      "no AWS credentials: checked the environment, $CREDENTIALS_DIRECTORY, profile " +
      profile_name + ", web identity; instance metadata is disabled");
}

}  // namespace awsr::aws
