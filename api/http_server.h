// HTTP/1.1 for the control API on a unix socket and/or loopback TCP. Moves bytes only: every
// request goes to the Router. Bounded so that no client can take the daemon's descriptors or
// memory: header and body size limits, read and idle timeouts, a cap on connections and on
// event streams, a bounded queue per stream, and accept failures (out of descriptors) that
// back off instead of spinning.
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
  // Connections open at once; more are answered 503 and closed. Well below the descriptor
  // limit, so AWS connections, the status file and desired files always find one.
  std::size_t max_connections = 128;
  // GET /v1/events?follow=1 streams open at once; more are answered 503.
  std::size_t max_event_streams = 16;
  // Events waiting for one stream's client; a client that falls this far behind is cut off
  // (it reconnects with ?after=N and loses nothing the history still has).
  std::size_t max_queued_events = 1000;
};

class HttpServer {
 public:
  // Connections are served on `executor`. With a `backend_executor` (the daemon's loop, when the
  // API has a thread of its own), requests the router cannot answer anywhere, and event
  // subscriptions, run there and their answers come back; the rest never wait for that loop.
  HttpServer(boost::asio::any_io_executor executor, const Router& router, ServerLimits limits = {},
             boost::asio::any_io_executor backend_executor = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Replaces a stale socket file, creates the parent directory if needed, sets mode 0660.
  Result<void> ListenUnix(const std::string& path);
  // "127.0.0.1:8080", "[::1]:0"; returns the bound port (useful with port 0).
  Result<std::uint16_t> ListenTcp(const std::string& host_port);
  // Stops accepting, lets in-flight requests finish, closes idle connections. From any thread:
  // the work happens on the server's executor.
  void Stop();
  // Connections in the middle of a request (read, handled, or being answered). Any thread.
  std::size_t BusySessions() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace awsr::api
