// Sending one HTTP request and reading its response: the only I/O of the AWS client. The real
// implementation (Beast + OpenSSL, in transport.cc alone) verifies certificates and host names
// against the system CA store, keeps connections alive per host in a bounded pool and enforces
// connect/read/total deadlines and a response size limit.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "daemon/aws/http_message.h"
#include "daemon/base/error.h"

namespace awsr::aws {

struct TransportSettings {
  std::chrono::milliseconds connect_timeout{5000};  // resolve + connect + TLS handshake
  std::chrono::milliseconds read_timeout{30000};    // each write or read on the socket
  std::chrono::milliseconds total_timeout{60000};   // the whole exchange
  size_t max_response_bytes = 64 * 1024 * 1024;
  size_t max_idle_per_host = 8;                   // kept-alive connections waiting for reuse
  std::chrono::milliseconds idle_timeout{30000};  // AWS closes idle connections after ~60 s
};

struct TransportTarget {
  bool tls = true;
  std::string host;  // connect and verify this name
  uint16_t port = 443;
};

// Transport failures are ErrorKind::kTransient with http_status 0 and aws_code one of:
inline constexpr std::string_view kConnectFailed = "ConnectFailed";  // nothing was sent
inline constexpr std::string_view kNetworkError = "NetworkError";    // may have been sent
inline constexpr std::string_view kTimeout = "RequestTimeout";       // may have been sent

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends the request (the caller has set Host and signed it) and reads the whole response.
  // An HTTP error status is a response, not an Error.
  virtual boost::asio::awaitable<Result<HttpResponse>> Send(TransportTarget target,
                                                            HttpRequest request) = 0;
};

struct TransportCounters {
  uint64_t connections_opened = 0;
  uint64_t connections_reused = 0;
};

class BeastTransport : public HttpTransport {
 public:
  BeastTransport(boost::asio::any_io_executor executor, TransportSettings settings);
  ~BeastTransport() override;
  boost::asio::awaitable<Result<HttpResponse>> Send(TransportTarget target,
                                                    HttpRequest request) override;
  const TransportCounters& counters() const;
  size_t idle_connections() const;
  // The read room the idle connections hold: none, each gives it back while it waits.
  size_t idle_read_room() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awsr::aws
