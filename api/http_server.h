// HTTP/1.1 for the control API on a unix socket and/or loopback TCP. Moves bytes only: every
// request goes to the Router. Bounded: header and body size limits, read and idle timeouts.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api/router.h"
#include "daemon/base/error.h"

namespace awsr::api {

struct ServerLimits {
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds read_timeout = std::chrono::seconds(10);  // to receive one request
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);  // between keep-alive requests
};

class HttpServer {
 public:
  HttpServer(boost::asio::any_io_executor executor, const Router& router, ServerLimits limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Replaces a stale socket file, creates the parent directory if needed, sets mode 0660.
  Result<void> ListenUnix(const std::string& path);
  // "127.0.0.1:8080", "[::1]:0"; returns the bound port (useful with port 0).
  Result<std::uint16_t> ListenTcp(const std::string& host_port);
  // Stops accepting, lets in-flight requests finish, closes idle connections.
  void Stop();
  // Connections in the middle of a request (read, handled, or being answered).
  std::size_t BusySessions() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace awsr::api
