// The write fence: a transport that sends a mutating request (aws/operation_kinds.h) only while
// the fence allows it, asked before connecting and again by the transport once the connection is
// open, right before the first byte is written, on every attempt, retries included. A process
// paused anywhere before that last look resumes to a closed fence. What it cannot see: a request
// paused between the last look and its write (docs/high-availability.md, "Failure modes").
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "daemon/aws/operation_kinds.h"
#include "daemon/aws/transport.h"
#include "daemon/aws/write_fence.h"

namespace awsr::lease {

// The service a signed request is for: the fourth part of its credential scope
// ("Credential=AKID/20260102/us-east-1/dynamodb/aws4_request").
inline std::string_view SignedService(std::string_view authorization) {
  const auto credential = authorization.find("Credential=");
  if (credential == std::string_view::npos) return {};
  std::string_view scope = authorization.substr(credential + 11);
  scope = scope.substr(0, scope.find_first_of(", "));
  for (int part = 0; part < 3; ++part) {
    const auto slash = scope.find('/');
    if (slash == std::string_view::npos) return {};
    scope.remove_prefix(slash + 1);
  }
  return scope.substr(0, scope.find('/'));
}

// The action a request performs, as its protocol names it: X-Amz-Target (JSON), Action= (query,
// EC2); empty for REST, where the method tells.
inline std::string_view RequestOperation(const aws::HttpRequest& request) {
  if (std::string_view target = request.Header("X-Amz-Target"); !target.empty())
    return target.substr(target.rfind('.') + 1);
  std::string_view body = request.body;
  for (std::size_t at = 0; at < body.size();) {
    const std::size_t end = std::min(body.find('&', at), body.size());
    if (std::string_view pair = body.substr(at, end - at); pair.starts_with("Action="))
      return pair.substr(7);
    at = end + 1;
  }
  return {};
}

inline bool IsMutatingRequest(const aws::HttpRequest& request) {
  const std::string_view operation = RequestOperation(request);
  if (operation.empty()) return request.method != "GET" && request.method != "HEAD";
  return aws::IsMutatingOperation(SignedService(request.Header("Authorization")), operation);
}

class FencedTransport final : public aws::HttpTransport {
 public:
  FencedTransport(std::shared_ptr<aws::HttpTransport> inner,
                  std::shared_ptr<const aws::WriteFence> fence)
      : inner_(std::move(inner)), fence_(std::move(fence)) {}

  boost::asio::awaitable<Result<aws::HttpResponse>> Send(aws::TransportTarget target,
                                                         aws::HttpRequest request) override {
    if (IsMutatingRequest(request)) {
      if (!fence_->MayWrite()) co_return aws::WriteFencedError();
      // Asked again by the transport once a connection is open: connecting can take a while,
      // and a pause there must not let the request out when the process resumes.
      request.may_leave = [fence = fence_] { return fence->MayWrite(); };
    }
    co_return co_await inner_->Send(std::move(target), std::move(request));
  }

 private:
  std::shared_ptr<aws::HttpTransport> inner_;
  std::shared_ptr<const aws::WriteFence> fence_;
};

}  // namespace awsr::lease
