// The standard credential chain. The first source that is configured is used (a configured
// source that fails is an error, not a reason to fall through to the next), in this order:
//   1. environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
//   2. systemd credentials: $CREDENTIALS_DIRECTORY/aws_access_key_id, aws_secret_access_key,
//      aws_session_token (LoadCredential=)
//   3. the profile AWS_PROFILE (else "default") of ~/.aws/credentials and ~/.aws/config
//      (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE): role_arn with source_profile (STS
//      AssumeRole) or web_identity_token_file, credential_process, or static keys
//   4. web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (AssumeRoleWithWebIdentity)
//   5. EC2 instance metadata, IMDSv2 (AWS_EC2_METADATA_SERVICE_ENDPOINT; skipped when
//      AWS_EC2_METADATA_DISABLED=true)
// Temporary credentials are refreshed five minutes before they expire.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "daemon/aws/credentials.h"
#include "daemon/aws/endpoints.h"
#include "daemon/aws/environment.h"
#include "daemon/aws/shared_config.h"
#include "daemon/aws/transport.h"

namespace awsr::aws {

struct CredentialChainSettings {
  std::string region;          // for STS; else the profile's, AWS_REGION, or us-east-1
  EndpointSettings endpoints;  // where STS is reached
  TransportSettings transport;
  std::chrono::seconds process_timeout{60};
};

class CredentialChain : public CredentialProvider {
 public:
  CredentialChain(boost::asio::any_io_executor executor, Environment env,
                  CredentialChainSettings settings);
  boost::asio::awaitable<Result<Credentials>> Get() override;
  // Chooses the source again at the next Get(): files and the environment are read anew, so
  // rotated keys are picked up.
  void Invalidate() override { selected_.reset(); }
  // "environment", "systemd-credentials", "profile:NAME", "profile:NAME assume-role ARN",
  // "web-identity ARN", "credential-process profile:NAME", "ec2-instance-metadata"; "" before use.
  std::string Source() const override;

 private:
  // Picks the source without contacting anything; errors when nothing is configured.
  Result<std::shared_ptr<CredentialProvider>> Select();
  Result<std::shared_ptr<CredentialProvider>> FromProfile(const SharedConfig& config,
                                                          const Profile& profile, int depth);
  std::shared_ptr<CredentialProvider> StsBacked(std::string source,
                                                std::shared_ptr<CredentialProvider> base,
                                                std::string role_arn, std::string session_name,
                                                std::string external_id, std::string token_file,
                                                std::string region);
  std::string RegionFor(const Profile* profile) const;

  boost::asio::any_io_executor executor_;
  Environment env_;
  CredentialChainSettings settings_;
  std::shared_ptr<CredentialProvider> selected_;
};

}  // namespace awsr::aws
