#include "daemon/aws/aws_client.h"

#include <spdlog/spdlog.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/aws/auth_rejection.h"
#include "daemon/aws/aws_error.h"
#include "daemon/aws/protocol_codec.h"

namespace awsr::aws {
namespace {

// Reads, and writes that set rather than add, are safe to send twice.
bool IsIdempotentOperation(std::string_view operation) {
  for (std::string_view verb : {"Describe", "List", "Get", "Head", "Delete", "Put", "Tag", "Untag",
                                "Modify", "Set", "Update"}) {
    if (operation.starts_with(verb)) return true;
  }
  return false;
}

bool CarriesIdempotencyToken(const nlohmann::json& params) {
  return params.is_object() &&
         (params.contains("ClientToken") || params.contains("ClientRequestToken") ||
          params.contains("IdempotencyToken"));
}

// Whether a failed attempt may have changed something in AWS: throttling answers and refused
// connections prove it did not.
bool MayHaveTakenEffect(const Error& error) {
  return error.kind != ErrorKind::kThrottled && error.aws_code != kConnectFailed;
}

}  // namespace

// A call ready to send, whatever its protocol: the unsigned request and how to sign it.
struct AwsClient::Prepared {
  std::string service;
  std::string operation;
  Protocol protocol = Protocol::kQuery;
  TransportTarget target;
  HttpRequest request;
  SigningParams signing;
  bool idempotent = false;
  bool anonymous = false;
  RetryCheck retry_check;
  std::shared_ptr<const ItemDigests> item_digests;
};

AwsClient::AwsClient(boost::asio::any_io_executor executor,
                     std::shared_ptr<CredentialProvider> credentials, ClientSettings settings,
                     Environment env, std::shared_ptr<HttpTransport> transport)
    : executor_(std::move(executor)),
      credentials_(std::move(credentials)),
      settings_(std::move(settings)),
      env_(std::move(env)),
      transport_(std::move(transport)),
      quota_(settings_.retry),
      rng_(std::random_device{}()) {
  if (!transport_) transport_ = std::make_shared<BeastTransport>(executor_, settings_.transport);
  wall_clock_ = [] { return std::chrono::system_clock::now(); };
  random_ = [this] { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); };
}

Result<Endpoint> AwsClient::EndpointFor(const std::string& service, const std::string& region) {
  auto key = std::make_pair(service, region);
  if (auto it = endpoints_.find(key); it != endpoints_.end()) return it->second;
  auto endpoint = ResolveEndpoint(service, region, settings_.endpoints, env_);
  if (endpoint) endpoints_.emplace(key, *endpoint);
  return endpoint;
}

boost::asio::awaitable<Result<AwsResponse>> AwsClient::Call(CallRequest call) {
  std::string region = call.region.empty() ? settings_.region : call.region;
  auto service = ResolveService(call);
  if (!service) co_return service.error();
  auto endpoint = EndpointFor(call.service, region);
  if (!endpoint) co_return endpoint.error();

  Prepared prepared;
  prepared.service = call.service;
  prepared.operation = call.operation;
  prepared.protocol = service->protocol;
  prepared.target = {endpoint->tls, endpoint->host, endpoint->port};
  prepared.request = EncodeCall(call, *service, endpoint->base_path);
  prepared.request.SetHeader("Host", endpoint->HostHeader());
  prepared.signing.region = endpoint->signing_region;
  prepared.signing.service = call.service;
  prepared.idempotent = call.idempotent || IsIdempotentOperation(call.operation) ||
                        CarriesIdempotencyToken(call.params);
  prepared.anonymous = call.anonymous;
  prepared.retry_check = std::move(call.retry_check);
  prepared.item_digests = std::move(call.item_digests);
  co_return co_await Execute(std::move(prepared));
}

boost::asio::awaitable<Result<AwsResponse>> AwsClient::CallRest(RestRequest call) {
  std::string region = call.region.empty() ? settings_.region : call.region;
  auto endpoint = EndpointFor(call.service, region);
  if (!endpoint) co_return endpoint.error();
  bool s3 = call.service == "s3";

  Prepared prepared;
  prepared.service = call.service;
  prepared.operation = call.operation;
  prepared.protocol = s3 ? Protocol::kRestXml : Protocol::kRestJson;
  prepared.target = {endpoint->tls, endpoint->host, endpoint->port};
  std::string path_prefix = endpoint->base_path;
  std::string host_header = endpoint->HostHeader();
  if (s3 && !call.bucket.empty()) {
    S3Address address =
        AddressS3Bucket(*endpoint, call.bucket, settings_.endpoints.s3_force_path_style);
    host_header = address.host_header;
    path_prefix += address.path_prefix;
    if (address.virtual_host) prepared.target.host = call.bucket + "." + endpoint->host;
  }
  HttpRequest& request = prepared.request;
  request.method = call.method;
  request.path = path_prefix + (call.path.empty() ? "/" : call.path);
  if (request.path.size() > 1 && call.path == "/" && s3 && !call.bucket.empty() &&
      path_prefix.size() > endpoint->base_path.size()) {
    request.path.pop_back();  // "/bucket", not "/bucket/", for bucket-level operations
  }
  request.query = std::move(call.query);
  request.headers = std::move(call.headers);
  request.body = std::move(call.body);
  if (!request.body.empty() && request.Header("Content-Type").empty()) {
    request.SetHeader("Content-Type", s3 ? "application/xml" : "application/json");
  }
  request.SetHeader("Host", host_header);
  prepared.signing.region = endpoint->signing_region;
  prepared.signing.service = call.service;
  if (s3) {  // S3 signs the path as sent and wants the payload hash in a header
    prepared.signing.normalize_path = false;
    prepared.signing.double_encode_path = false;
    prepared.signing.add_content_sha256_header = true;
  }
  prepared.idempotent = call.idempotent || call.method == "GET" || call.method == "HEAD" ||
                        call.method == "PUT" || call.method == "DELETE";
  prepared.retry_check = std::move(call.retry_check);
  co_return co_await Execute(std::move(prepared));
}

boost::asio::awaitable<Result<AwsResponse>> AwsClient::Execute(Prepared prepared) {
  const std::string& service = prepared.service;
  const std::string& operation = prepared.operation;
  stats_.RecordCall(service, operation);
  prepared.request.SetHeader("User-Agent", settings_.user_agent);
  prepared.request.safe_to_resend = prepared.idempotent;
  int quota_taken = 0;
  bool clock_corrected = false;
  bool credentials_refreshed = false;
  bool adaptive = settings_.retry.mode == RetryMode::kAdaptive;
  for (int attempt = 1;; ++attempt) {
    if (settings_.pace_published_limits) {
      // Every attempt spends a token at AWS, retries included.
      const double wait =
          pacer_.Reserve(prepared.signing.region, service, operation, MonotonicSeconds());
      if (wait > 0) {
        stats_.RecordPacing(service, operation, wait);
        co_await Sleep(std::chrono::milliseconds(static_cast<int64_t>(wait * 1000)));
      }
    }
    if (adaptive) {
      double wait = rate_limiters_[service].Acquire(MonotonicSeconds());
      if (wait > 0) co_await Sleep(std::chrono::milliseconds(static_cast<int64_t>(wait * 1000)));
    }
    HttpRequest request = prepared.request;
    if (!prepared.anonymous) {
      auto credentials = co_await credentials_->Get();
      if (!credentials) {
        Error error = credentials.error();
        error.context = service + ":" + operation;
        stats_.RecordError(service, operation,
                           error.aws_code.empty() ? "NoCredentials" : error.aws_code);
        co_return error;
      }
      SigningParams signing = prepared.signing;
      signing.time = wall_clock_() + clock_correction_;
      SignRequest(request, *credentials, signing);
    }

    auto sent = co_await transport_->Send(prepared.target, std::move(request));
    Error error;
    if (!sent) {
      error = sent.error();
      error.service = service;
      error.context = service + ":" + operation;
    } else if (sent->status < 300) {
      std::vector<DigestedItem> items;
      auto data = DecodeBody(prepared.protocol, sent->body, prepared.item_digests.get(), &items);
      if (data) {
        if (adaptive) rate_limiters_[service].OnResponse(false, MonotonicSeconds());
        quota_.Release(quota_taken);
        AwsResponse response;
        response.data = std::move(*data);
        response.items = std::move(items);
        response.request_id = RequestIdOf(*sent);
        response.http_status = sent->status;
        bool rest =
            prepared.protocol == Protocol::kRestXml || prepared.protocol == Protocol::kRestJson;
        if (rest) response.raw_body = std::move(sent->body);
        response.headers = std::move(sent->headers);
        spdlog::debug("aws {}:{} ok status={} attempts={} request-id={}", service, operation,
                      response.http_status, attempt, response.request_id);
        co_return response;
      }
      error = data.error();
      error.service = service;
      error.context = service + ":" + operation;
      error.http_status = sent->status;
    } else {
      error = MakeAwsError(prepared.protocol, *sent, service, operation);
      // Refused for how it was signed, never looked at: each cause is fixed once, then the
      // same request goes again, outside the retry budget, whatever the operation does.
      if (!clock_corrected && IsClockSkewCode(error.aws_code)) {
        if (auto correction =
                ClockCorrection(sent->Header("Date"), wall_clock_(), clock_correction_)) {
          spdlog::warn("aws {}:{} refused our clock ({}): AWS is {} ms ahead; correcting", service,
                       operation, error.aws_code, correction->count());
          clock_correction_ = *correction;
          clock_corrected = true;
          continue;
        }
      }
      if (!prepared.anonymous && !credentials_refreshed &&
          IsExpiredCredentialsCode(error.aws_code)) {
        spdlog::warn("aws {}:{} refused the credentials ({}): fetching them again", service,
                     operation, error.aws_code);
        credentials_->Invalidate();
        credentials_refreshed = true;
        continue;
      }
    }

    bool throttled = error.kind == ErrorKind::kThrottled;
    if (throttled) stats_.RecordThrottle(service, operation, error.aws_code);
    if (adaptive) rate_limiters_[service].OnResponse(throttled, MonotonicSeconds());

    bool give_up = !IsRetryableError(error) || attempt >= settings_.retry.max_attempts;
    if (!give_up && MayHaveTakenEffect(error) && !prepared.idempotent) {
      if (!prepared.retry_check) {
        spdlog::warn("aws {}:{} not retried: it may have taken effect and is not idempotent ({})",
                     service, operation, error.Describe());
        give_up = true;
      } else {
        auto done = co_await prepared.retry_check();
        if (!done) {
          give_up = true;
        } else if (done->has_value()) {
          quota_.Release(quota_taken);
          AwsResponse response;
          response.data = std::move(**done);
          co_return response;
        }
      }
    }
    int cost = give_up ? 0 : quota_.TryAcquire(error);
    if (give_up || cost == 0) {
      stats_.RecordError(service, operation, error.aws_code);
      spdlog::debug("aws {}:{} failed after {} attempt(s): {}", service, operation, attempt,
                    error.Describe());
      co_return error;
    }
    quota_taken += cost;
    stats_.RecordRetry(service, operation);
    auto delay = BackoffDelay(settings_.retry, attempt - 1, random_());
    spdlog::info("aws {}:{} attempt {} failed ({}), retrying in {} ms", service, operation, attempt,
                 error.Describe(), delay.count());
    co_await Sleep(delay);
  }
}

boost::asio::awaitable<Result<std::vector<nlohmann::json>>> AwsClient::CallAllPages(
    CallRequest call, PageTokens tokens, int max_pages) {
  std::vector<nlohmann::json> pages;
  auto walked = co_await WalkPages(std::move(call), std::move(tokens), max_pages,
                                   [&pages](AwsResponse& page) {
                                     pages.push_back(std::move(page.data));
                                   });
  if (!walked) co_return walked.error();
  co_return pages;
}

boost::asio::awaitable<Result<std::vector<DigestedItem>>> AwsClient::CallAllItems(
    CallRequest call, PageTokens tokens, int max_pages) {
  std::vector<DigestedItem> items;
  auto walked = co_await WalkPages(std::move(call), std::move(tokens), max_pages,
                                   [&items](AwsResponse& page) {
                                     for (auto& item : page.items) items.push_back(std::move(item));
                                   });
  if (!walked) co_return walked.error();
  co_return items;
}

boost::asio::awaitable<Result<void>> AwsClient::WalkPages(
    CallRequest call, PageTokens tokens, int max_pages,
    std::function<void(AwsResponse&)> take) {
  Protocol protocol = Protocol::kQuery;
  if (auto service = ResolveService(call)) protocol = service->protocol;
  for (int page = 0; page < max_pages; ++page) {
    auto response = co_await Call(call);
    if (!response) co_return response.error();
    NextPage next = FindNextPage(response->data, protocol, tokens);
    take(*response);
    if (next.value.empty()) co_return Result<void>();
    call.params[next.input_token] = next.value;
  }
  co_return MakeError(ErrorKind::kInternal, call.service + ":" + call.operation +
                                                " returned more than " + std::to_string(max_pages) +
                                                " pages");
}

boost::asio::awaitable<void> AwsClient::Sleep(std::chrono::milliseconds delay) {
  boost::asio::steady_timer timer(executor_, delay);
  co_await timer.async_wait(boost::asio::use_awaitable);
}

double AwsClient::MonotonicSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace awsr::aws
