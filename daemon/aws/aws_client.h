// The AWS client every reconciler uses: builds, signs and sends calls in any protocol, retries
// them the AWS "standard" way (plus adaptive client-side rate limiting), walks pages, and
// counts what it did. Runs on the daemon's single io_context thread; no locks.
//
//   AwsClient client(executor, provider, settings);
//   auto pages = co_await client.CallAllPages(CallRequest("ec2", "DescribeVpcs", {{"Filter", f}}));
//   auto user = co_await client.Call(CallRequest("iam", "GetUser", {{"UserName", "alice"}}));
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "daemon/aws/adaptive_rate_limiter.h"
#include "daemon/aws/aws_request.h"
#include "daemon/aws/call_stats.h"
#include "daemon/aws/credentials.h"
#include "daemon/aws/endpoints.h"
#include "daemon/aws/request_pacing.h"
#include "daemon/aws/retry_policy.h"
#include "daemon/aws/sigv4.h"
#include "daemon/aws/transport.h"

namespace awsr::aws {

struct ClientSettings {
  std::string region;  // for calls that name none
  EndpointSettings endpoints;
  RetrySettings retry;
  TransportSettings transport;
  std::string user_agent = "awsreconciled";
  // Wait for AWS's published request buckets (daemon/aws/request_pacing.h) rather than be
  // throttled; off only where the endpoint has no such limits and speed matters (a test).
  bool pace_published_limits = true;
};

class AwsClient {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;

  // transport: nullptr for the real HTTPS transport; env: where AWS_ENDPOINT_URL* are read.
  AwsClient(boost::asio::any_io_executor executor, std::shared_ptr<CredentialProvider> credentials,
            ClientSettings settings, Environment env = Environment::FromProcess(),
            std::shared_ptr<HttpTransport> transport = nullptr);

  // One RPC call (query, ec2, JSON), retried as its idempotency allows. Errors are classified
  // (daemon/aws/aws_error.h) and carry code, status, request id and "service:Operation".
  boost::asio::awaitable<Result<AwsResponse>> Call(CallRequest call);
  // One REST call (S3, Lambda).
  boost::asio::awaitable<Result<AwsResponse>> CallRest(RestRequest call);
  // Every page of a paginated RPC call, in order; fails if any page fails.
  boost::asio::awaitable<Result<std::vector<nlohmann::json>>> CallAllPages(CallRequest call,
                                                                           PageTokens tokens = {},
                                                                           int max_pages = 10000);
  // Every item of `call.item_digests`' list over every page, in order (CallRequest::item_digests).
  boost::asio::awaitable<Result<std::vector<DigestedItem>>> CallAllItems(CallRequest call,
                                                                         PageTokens tokens,
                                                                         int max_pages);

  const CallStats& stats() const { return stats_; }
  int retry_quota_available() const { return quota_.available(); }
  // Which credential source is in use, for /v1/status.
  std::string CredentialSource() const { return credentials_->Source(); }
  // How far AWS's clock is from ours, as last learnt from a refusal (0 until then).
  std::chrono::milliseconds clock_correction() const { return clock_correction_; }

  // Test seams: the time requests are signed with, and the jitter source in [0, 1).
  void set_wall_clock(WallClock clock) { wall_clock_ = std::move(clock); }
  void set_random(std::function<double()> random) { random_ = std::move(random); }

 private:
  struct Prepared;
  boost::asio::awaitable<Result<AwsResponse>> Execute(Prepared prepared);
  // Calls page after page, handing each answer to `take`; fails if any page fails.
  boost::asio::awaitable<Result<void>> WalkPages(CallRequest call, PageTokens tokens,
                                                 int max_pages,
                                                 std::function<void(AwsResponse&)> take);
  boost::asio::awaitable<void> Sleep(std::chrono::milliseconds delay);
  Result<Endpoint> EndpointFor(const std::string& service, const std::string& region);
  double MonotonicSeconds() const;

  boost::asio::any_io_executor executor_;
  std::shared_ptr<CredentialProvider> credentials_;
  ClientSettings settings_;
  Environment env_;
  std::shared_ptr<HttpTransport> transport_;
  RetryQuota quota_;
  std::map<std::string, AdaptiveRateLimiter> rate_limiters_;  // by service
  RequestPacer pacer_;
  std::map<std::pair<std::string, std::string>, Endpoint> endpoints_;
  CallStats stats_;
  WallClock wall_clock_;
  // Added to the local clock when signing: learnt from AWS's Date when it refuses our time.
  std::chrono::milliseconds clock_correction_{0};
  std::function<double()> random_;
  std::mt19937_64 rng_;
};

}  // namespace awsr::aws
