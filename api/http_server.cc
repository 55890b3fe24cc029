#include "api/http_server.h"

#include <sys/stat.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <deque>
#include <filesystem>
#include <list>

#include "daemon/base/log.h"

namespace awsr::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using Tcp = asio::ip::tcp;
using Local = asio::local::stream_protocol;

namespace {
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

std::string StatusBody(int status, std::string_view code, std::string_view message) {
  return ErrorResponse(status, code, message).body;
}
}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::any_io_executor executor, const Router& router, ServerLimits limits)
      : executor(std::move(executor)), router(router), limits(limits) {}

  asio::any_io_executor executor;
  const Router& router;
  ServerLimits limits;
  std::list<Tcp::acceptor> tcp_acceptors;
  std::list<Local::acceptor> unix_acceptors;
  // Open sessions, so Stop() can close the ones waiting for a request; the others finish.
  struct OpenSession {
    bool waiting_for_request = true;
    std::function<void()> cancel;
  };
  std::list<OpenSession> sessions;
  std::vector<std::string> socket_paths;
  bool stopping = false;

  template <typename Protocol>
  awaitable<void> Accept(typename Protocol::acceptor& acceptor, bool trusted) {
    auto self = shared_from_this();
    for (;;) {
      auto [error, socket] = co_await acceptor.async_accept(kUseTuple);
      if (error == asio::error::operation_aborted || stopping) co_return;
      if (error) {
        log::Warn({}, "api: accept failed: {}", error.message());
        continue;
      }
      asio::co_spawn(executor, Serve<Protocol>(std::move(socket), trusted),
                     [](std::exception_ptr failure) {
                       if (!failure) return;
                       try {
                         std::rethrow_exception(failure);
                       } catch (const std::exception& e) {
                         log::Error({}, "api: session failed: {}", e.what());
                       }
                     });
    }
  }

  template <typename Protocol>
  awaitable<void> Serve(typename Protocol::socket socket, bool trusted) {
    auto self = shared_from_this();
    beast::basic_stream<Protocol, asio::any_io_executor, beast::unlimited_rate_policy> stream(
        std::move(socket));
    sessions.push_front({true, [&stream] { stream.cancel(); }});
    const auto session = sessions.begin();
    beast::flat_buffer buffer;
    bool first = true;
    while (!stopping) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(limits.max_body_bytes);
      parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
      stream.expires_after(first ? limits.read_timeout : limits.idle_timeout);
      first = false;
      session->waiting_for_request = true;
      auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, kUseTuple);
      session->waiting_for_request = false;
      if (read_error) {
        co_await RefuseBadRequest(stream, read_error);
        break;
      }
      const auto& message = parser.get();
      Request request{std::string(message.method_string()), std::string(message.target()),
                      message.body(), std::string(message[http::field::authorization]), trusted};
      const Response response = router.Handle(request);
      if (response.follow_events) {
        co_await StreamEvents(stream, message.version(), response.body, *session);
        break;
      }
      http::response<http::string_body> reply{static_cast<http::status>(response.status),
                                              message.version()};
      reply.set(http::field::server, "awsreconciled");
      reply.set(http::field::content_type, response.content_type);
      reply.keep_alive(message.keep_alive() && !stopping);
      reply.body() = response.body;
      reply.prepare_payload();
      stream.expires_after(limits.read_timeout);
      auto [write_error, written] = co_await http::async_write(stream, reply, kUseTuple);
      if (write_error || !reply.keep_alive()) break;
    }
    sessions.erase(session);
    beast::error_code ignored;
    stream.socket().shutdown(Protocol::socket::shutdown_both, ignored);
  }

  // GET /v1/events?follow=1: a chunked response that lasts until the client or the daemon
  // goes away; a blank line every 15 s lets either side notice a dead peer.
  template <typename Stream>
  awaitable<void> StreamEvents(Stream& stream, unsigned version, std::string backlog,
                               OpenSession& session) {
    http::response<http::empty_body> head{http::status::ok, version};
    head.set(http::field::server, "awsreconciled");
    head.set(http::field::content_type, "application/x-ndjson");
    head.chunked(true);
    head.keep_alive(false);
    http::response_serializer<http::empty_body> serializer{head};
    stream.expires_after(limits.read_timeout);
    auto [head_error, head_bytes] =
        co_await http::async_write_header(stream, serializer, kUseTuple);
    if (head_error) co_return;
    std::deque<std::string> pending;
    if (!backlog.empty()) pending.push_back(std::move(backlog));
    asio::steady_timer wake(executor);
    const int subscription = router.backend().SubscribeEvents([&](const nlohmann::json& event) {
      pending.push_back(event.dump() + "\n");
      wake.cancel();
    });
    session.cancel = [&stream, &wake] {
      stream.cancel();
      wake.cancel();
    };
    bool alive = true;
    while (alive && !stopping) {
      while (alive && !pending.empty()) {
        const std::string chunk = std::move(pending.front());
        pending.pop_front();
        stream.expires_after(limits.read_timeout);
        auto [error, bytes] =
            co_await asio::async_write(stream, http::make_chunk(asio::buffer(chunk)), kUseTuple);
        alive = !error;
      }
      if (!alive || stopping) break;
      session.waiting_for_request = true;  // idle: Stop() may end it
      wake.expires_after(std::chrono::seconds(15));
      auto [waited] = co_await wake.async_wait(kUseTuple);
      session.waiting_for_request = false;
      if (!waited && !stopping) pending.push_back("\n");  // the heartbeat
    }
    router.backend().UnsubscribeEvents(subscription);
    stream.expires_after(limits.read_timeout);
    co_await asio::async_write(stream, http::make_chunk_last(), kUseTuple);
  }

  // Answers a request we could not read (too large, malformed); silence for timeouts and EOF.
  template <typename Stream>
  awaitable<void> RefuseBadRequest(Stream& stream, beast::error_code error) {
    int status = 0;
    std::string body;
    if (error == http::error::body_limit) {
      status = 413;
      body = StatusBody(413, "PayloadTooLarge", "request body over the limit");
    } else if (error == http::error::header_limit) {
      status = 431;
      body = StatusBody(431, "HeadersTooLarge", "request headers over the limit");
    } else if (error.category() == beast::error_code(http::error::bad_target).category() &&
               error != http::error::end_of_stream && error != http::error::partial_message) {
      status = 400;
      body = StatusBody(400, "BadRequest", error.message());
    }
    if (status == 0) co_return;
    http::response<http::string_body> reply{static_cast<http::status>(status), 11};
    reply.set(http::field::content_type, "application/json");
    reply.keep_alive(false);
    reply.body() = std::move(body);
    reply.prepare_payload();
    stream.expires_after(limits.read_timeout);
    co_await http::async_write(stream, reply, kUseTuple);
  }
};

HttpServer::HttpServer(asio::any_io_executor executor, const Router& router, ServerLimits limits)
    : impl_(std::make_shared<Impl>(std::move(executor), router, limits)) {}

HttpServer::~HttpServer() { Stop(); }

Result<void> HttpServer::ListenUnix(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code fs_error;
  const fs::path socket_path(path);
  fs::create_directories(socket_path.parent_path(), fs_error);
  if (fs::is_socket(socket_path, fs_error)) fs::remove(socket_path, fs_error);
  auto& acceptor = impl_->unix_acceptors.emplace_back(impl_->executor);
  boost::system::error_code error;
  acceptor.open(Local(), error);
  if (!error) acceptor.bind(Local::endpoint(path), error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    impl_->unix_acceptors.pop_back();
    return MakeError(ErrorKind::kInvalidSpec,
                     "cannot listen on unix socket " + path + ": " + error.message());
  }
  ::chmod(path.c_str(), 0660);
  impl_->socket_paths.push_back(path);
  asio::co_spawn(impl_->executor, impl_->Accept<Local>(acceptor, /*trusted=*/true), asio::detached);
  return {};
}

Result<std::uint16_t> HttpServer::ListenTcp(const std::string& host_port) {
  const auto colon = host_port.rfind(':');
  std::string host = host_port.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code error;
  const auto address = asio::ip::make_address(host, error);
  if (error || colon == std::string::npos) {
    return MakeError(ErrorKind::kInvalidSpec, "api.tcp: bad address " + host_port);
  }
  const auto port = static_cast<std::uint16_t>(std::stoi(host_port.substr(colon + 1)));
  auto& acceptor = impl_->tcp_acceptors.emplace_back(impl_->executor);
  const Tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    impl_->tcp_acceptors.pop_back();
    return MakeError(ErrorKind::kInvalidSpec,
                     "cannot listen on " + host_port + ": " + error.message());
  }
  const std::uint16_t bound = acceptor.local_endpoint().port();
  asio::co_spawn(impl_->executor, impl_->Accept<Tcp>(acceptor, /*trusted=*/false), asio::detached);
  return bound;
}

std::size_t HttpServer::BusySessions() const {
  std::size_t busy = 0;
  for (const auto& session : impl_->sessions) busy += session.waiting_for_request ? 0 : 1;
  return busy;
}

void HttpServer::Stop() {
  if (impl_->stopping) return;
  impl_->stopping = true;
  boost::system::error_code ignored;
  for (auto& acceptor : impl_->tcp_acceptors) acceptor.close(ignored);
  for (auto& acceptor : impl_->unix_acceptors) acceptor.close(ignored);
  for (auto& session : impl_->sessions) {
    if (session.waiting_for_request) session.cancel();
  }
  std::error_code fs_error;
  for (const auto& path : impl_->socket_paths) std::filesystem::remove(path, fs_error);
}

}  // namespace awsr::api
