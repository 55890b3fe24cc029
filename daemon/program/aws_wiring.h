// The AWS client and the reconcilers as the settings ask for them: one place for the daemon
// and for the commands that talk to AWS the same way (`export`).
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "config/settings.h"
#include "daemon/aws/aws_client.h"
#include "daemon/aws/credentials.h"
#include "daemon/aws/write_fence.h"
#include "daemon/engine/registry.h"

namespace awsr {

// The daemon's own credential chain, as the settings configure it (profile, endpoints).
std::shared_ptr<aws::CredentialProvider> OwnCredentials(boost::asio::io_context& io,
                                                        const config::Settings& settings);

// A client signing with `credentials` (another account's, from AssumeRole).
// fence: nullptr, or the gate every mutating call passes (lease/fenced_transport.h).
std::unique_ptr<aws::AwsClient> MakeAwsClient(boost::asio::io_context& io,
                                              const config::Settings& settings,
                                              std::shared_ptr<aws::CredentialProvider> credentials,
                                              std::shared_ptr<const aws::WriteFence> fence);

// A client signing with the daemon's own credentials.
std::unique_ptr<aws::AwsClient> MakeAwsClient(
    boost::asio::io_context& io, const config::Settings& settings,
    std::shared_ptr<const aws::WriteFence> fence = nullptr);

engine::Registry MakeRegistry(aws::AwsClient& client, const config::Settings& settings);

}  // namespace awsr
