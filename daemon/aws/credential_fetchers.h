// The credential sources that do I/O, as coroutines a RefreshingCredentialProvider calls:
// STS AssumeRole and AssumeRoleWithWebIdentity, credential_process, and EC2 instance
// metadata (IMDSv2). Each has a deadline.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "daemon/aws/credentials.h"
#include "daemon/aws/transport.h"

namespace awsr::aws {

class AwsClient;

boost::asio::awaitable<Result<Credentials>> FetchAssumeRole(std::shared_ptr<AwsClient> sts,
                                                            std::string role_arn,
                                                            std::string session_name,
                                                            std::string external_id);

// Reads the token file at each refresh (the platform rotates it).
boost::asio::awaitable<Result<Credentials>> FetchWebIdentity(std::shared_ptr<AwsClient> sts,
                                                             std::string role_arn,
                                                             std::string token_file,
                                                             std::string session_name);

// Runs `command` with /bin/sh -c and parses its stdout; killed after `timeout`.
boost::asio::awaitable<Result<Credentials>> FetchFromProcess(boost::asio::any_io_executor executor,
                                                             std::string command,
                                                             std::chrono::seconds timeout);

// IMDSv2: a session token (PUT), the role name, then the role's credentials.
boost::asio::awaitable<Result<Credentials>> FetchFromImds(std::shared_ptr<HttpTransport> transport,
                                                          TransportTarget imds);

}  // namespace awsr::aws
