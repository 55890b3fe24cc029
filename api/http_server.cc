#include "api/http_server.h"

#include <sys/stat.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <deque>
#include <map>
#include <filesystem>
#include <list>

#include "daemon/base/json_fields.h"
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
constexpr auto kFirstAcceptPause = std::chrono::milliseconds(50);
constexpr auto kMaxAcceptPause = std::chrono::milliseconds(1000);

std::string StatusBody(int status, std::string_view code, std::string_view message) {
  return ErrorResponse(status, code, message).body;
}
}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::any_io_executor executor, const Router& router, ServerLimits limits,
       asio::any_io_executor backend_executor)
      : executor(std::move(executor)),
        backend_executor(backend_executor ? std::move(backend_executor) : this->executor),
        router(router),
        limits(limits) {}

  asio::any_io_executor executor;
  asio::any_io_executor backend_executor;  // where the backend's loop runs; may be `executor`
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
  // Sessions not waiting for a request, for BusySessions() on the daemon's thread.
  std::atomic<std::size_t> busy{0};
  std::size_t event_streams = 0;
  // Set when the HttpServer goes: the router and its backend may be gone before the sessions'
  // coroutine frames are destroyed with the io_context.
  bool detached = false;
  std::vector<std::string> socket_paths;
  bool stopping = false;

  // Every change of a session's waiting_for_request goes through here, to keep `busy` right.
  void SetWaiting(OpenSession& session, bool waiting) {
    if (session.waiting_for_request == waiting) return;
    session.waiting_for_request = waiting;
    if (waiting) {
      --busy;
    } else {
      ++busy;
    }
  }

  // Runs `work` where the backend's loop runs and comes back with its result; at once when
  // that is this executor.
  template <typename Work>
  awaitable<std::invoke_result_t<Work>> OnBackend(Work work) {
    using Value = std::invoke_result_t<Work>;
    if (backend_executor == executor) co_return work();
    co_return co_await asio::co_spawn(
        backend_executor,
        [work = std::move(work)]() mutable -> awaitable<Value> { co_return work(); },
        asio::use_awaitable);
  }

  // The router's answer: here when it needs nothing of the backend's loop, else from there.
  // (Its own coroutine: GCC 12 mishandles a co_await in a branch of Serve's loop and destroys
  // the reply twice.)
  awaitable<Response> Answer(const Request& request) {
    if (router.AnswersAnywhere(request)) co_return Route(request);
    co_return co_await OnBackend([this, &request] { return Route(request); });
  }

  // Holds a place in `sessions` for as long as a session runs, however it ends.
  struct SessionSlot {
    SessionSlot(std::list<OpenSession>& list, std::atomic<std::size_t>& busy)
        : list(list), busy(busy) {
      list.push_front({true, nullptr});
      entry = list.begin();
    }
    ~SessionSlot() {
      if (!entry->waiting_for_request) --busy;
      list.erase(entry);
    }
    SessionSlot(const SessionSlot&) = delete;
    SessionSlot& operator=(const SessionSlot&) = delete;
    std::list<OpenSession>& list;
    std::atomic<std::size_t>& busy;
    std::list<OpenSession>::iterator entry;
  };

  template <typename Protocol>
  awaitable<void> Accept(typename Protocol::acceptor& acceptor, bool trusted) {
    auto self = shared_from_this();
    asio::steady_timer pause(executor);
    auto backoff = kFirstAcceptPause;
    for (;;) {
      auto [error, socket] = co_await acceptor.async_accept(kUseTuple);
      if (error == asio::error::operation_aborted || stopping) co_return;
      if (error) {
        // Out of descriptors or memory: accepting again at once fails the same way, in a
        // busy loop. Pause, longer each time, until a connection closes.
        log::Warn({}, "api: accept failed: {}; pausing {} ms", error.message(), backoff.count());
        pause.expires_after(backoff);
        co_await pause.async_wait(kUseTuple);
        backoff = std::min(backoff * 2, kMaxAcceptPause);
        continue;
      }
      backoff = kFirstAcceptPause;
      if (sessions.size() >= limits.max_connections) {
        RefuseConnection(socket);
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

  // Over the connection cap: a short 503 the client can read, then the connection is closed.
  // The answer fits any socket buffer, so the non-blocking send never waits.
  template <typename Socket>
  static void RefuseConnection(Socket& socket) {
    static const std::string kAnswer = [] {
      const std::string body =
          StatusBody(503, "TooManyConnections", "the API's connection limit is reached");
      return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
             "Connection: close\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.send(asio::buffer(kAnswer), 0, ignored);
    socket.shutdown(Socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  Response Route(const Request& request) const {
    try {
      return router.Handle(request);
    } catch (const std::exception& e) {
      // A bug in one answer must cost that answer only, never the session or the daemon.
      log::Error({}, "api: {} request failed: {}", request.method, e.what());
      return ErrorResponse(500, "InternalError", "the daemon failed to answer this request");
    }
  }

  template <typename Protocol>
  awaitable<void> Serve(typename Protocol::socket socket, bool trusted) {
    auto self = shared_from_this();
    beast::basic_stream<Protocol, asio::any_io_executor, beast::unlimited_rate_policy> stream(
        std::move(socket));
    SessionSlot slot(sessions, busy);
    OpenSession& session = *slot.entry;
    session.cancel = [&stream] { stream.cancel(); };
    beast::flat_buffer buffer;
    bool first = true;
    while (!stopping) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(limits.max_body_bytes);
      parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
      stream.expires_after(first ? limits.read_timeout : limits.idle_timeout);
      first = false;
      SetWaiting(session, true);
      auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, kUseTuple);
      SetWaiting(session, false);
      if (read_error) {
        co_await RefuseBadRequest(stream, read_error);
        break;
      }
      const auto& message = parser.get();
      Request request{std::string(message.method_string()),
                      std::string(message.target()),
                      message.body(),
                      std::string(message[http::field::authorization]),
                      trusted,
                      std::string(message[http::field::host])};
      Response response = co_await Answer(request);
      if (detached) break;  // the daemon stopped while its loop answered
      if (response.follow_events && event_streams >= limits.max_event_streams) {
        response = ErrorResponse(503, "TooManyStreams", "the API's event stream limit is reached");
      }
      if (response.follow_events) {
        co_await StreamEvents<Protocol>(stream, message.version(), std::move(response.body),
                                        session);
        break;
      }
      const bool keep_alive = message.keep_alive() && !stopping;
      const unsigned version = message.version();
      stream.expires_after(limits.read_timeout);
      const bool open =
          response.shared_body
              ? co_await Reply<http::span_body<const char>>(stream, version, response, keep_alive)
              : co_await Reply<http::string_body>(stream, version, response, keep_alive);
      if (!open) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(Protocol::socket::shutdown_both, ignored);
  }

  // Writes one answer; false when the connection is to close after it. A shared body is written
  // from where the backend holds it: a 5 MB list is not copied for each request.
  template <typename Body, typename Stream>
  static awaitable<bool> Reply(Stream& stream, unsigned version, Response& response,
                               bool keep_alive) {
    http::response<Body> reply{static_cast<http::status>(response.status), version};
    reply.set(http::field::server, "awsreconciled");
    reply.set(http::field::content_type, response.content_type);
    reply.keep_alive(keep_alive);
    if constexpr (std::is_same_v<Body, http::string_body>) {
      reply.body() = std::move(response.body);
    } else {
      reply.body() = {response.shared_body->data(), response.shared_body->size()};
    }
    reply.prepare_payload();
    auto [write_error, written] = co_await http::async_write(stream, reply, kUseTuple);
    co_return !write_error && keep_alive;
  }

  // A stream's events in waiting. The backend's listener runs on the backend's loop and hands
  // each event over to the stream's executor; both hold this.
  struct EventQueue {
    explicit EventQueue(asio::any_io_executor executor) : wake(std::move(executor)) {}
    std::deque<std::string> pending;
    bool overflowed = false;
    asio::steady_timer wake;
  };

  // The queues of the open event streams, by stream: only this executor touches them. A
  // listener on the backend's loop names its queue by number, not by pointer: what it captures
  // is trivially destructible, which matters because GCC 12 destroys some values carried
  // through a co_await twice (a shared_ptr released twice frees its queue while in use).
  std::map<int, std::shared_ptr<EventQueue>> event_queues;
  int last_queue_id = 0;

  // Counts an event stream, and ends its subscription and its queue, however the stream ends.
  struct StreamSlot {
    explicit StreamSlot(Impl& impl) : impl(impl) { ++impl.event_streams; }
    ~StreamSlot() {
      --impl.event_streams;
      impl.event_queues.erase(queue_id);
      if (subscription == 0 || impl.detached) return;
      asio::post(impl.backend_executor, [&backend = impl.router.backend(), id = subscription] {
        backend.UnsubscribeEvents(id);
      });
    }
    StreamSlot(const StreamSlot&) = delete;
    StreamSlot& operator=(const StreamSlot&) = delete;
    Impl& impl;
    int subscription = 0;
    int queue_id = 0;
  };

  // GET /v1/events?follow=1: a chunked response that lasts until the client or the daemon
  // goes away; a blank line every 15 s lets either side notice a dead peer.
  template <typename Protocol, typename Stream>
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
    auto queue = std::make_shared<EventQueue>(executor);
    if (!backlog.empty()) queue->pending.push_back(std::move(backlog));
    StreamSlot slot(*this);
    slot.queue_id = ++last_queue_id;
    event_queues[slot.queue_id] = queue;
    auto listener = [impl = this, queue_id = slot.queue_id,
                     max_queued = limits.max_queued_events](const nlohmann::json& event) {
      std::string line = DumpJson(event) + "\n";
      asio::post(impl->executor, [impl, queue_id, max_queued, line = std::move(line)]() mutable {
        const auto found = impl->event_queues.find(queue_id);
        if (found == impl->event_queues.end()) return;  // the stream ended meanwhile
        EventQueue& queue = *found->second;
        if (queue.overflowed) return;
        if (queue.pending.size() >= max_queued) {
          queue.overflowed = true;
          queue.pending.clear();
        } else {
          queue.pending.push_back(std::move(line));
        }
        queue.wake.cancel();
      });
    };
    auto subscribe = [this, listener = std::move(listener)]() mutable {
      return router.backend().SubscribeEvents(std::move(listener));
    };
    const int subscription = co_await OnBackend(std::move(subscribe));
    slot.subscription = subscription;
    if (detached) co_return;
    session.cancel = [&stream, queue] {
      stream.cancel();
      queue->wake.cancel();
    };
    // The client sends nothing more: the socket turning readable means it went away, and its
    // slot is freed now rather than at the next write. The handler may outlive this frame, so
    // it holds only shared state.
    auto peer_gone = std::make_shared<bool>(false);
    stream.socket().async_wait(Protocol::socket::wait_read,
                               [peer_gone, queue](boost::system::error_code error) {
                                 if (error) return;
                                 *peer_gone = true;
                                 queue->wake.cancel();
                               });
    std::deque<std::string>& pending = queue->pending;
    const bool& overflowed = queue->overflowed;
    bool alive = true;
    while (alive && !stopping && !overflowed && !*peer_gone) {
      while (alive && !pending.empty()) {
        const std::string chunk = std::move(pending.front());
        pending.pop_front();
        stream.expires_after(limits.read_timeout);
        auto [error, bytes] =
            co_await asio::async_write(stream, http::make_chunk(asio::buffer(chunk)), kUseTuple);
        alive = !error;
      }
      if (!alive || stopping || overflowed || *peer_gone) break;
      SetWaiting(session, true);  // idle: Stop() may end it
      queue->wake.expires_after(std::chrono::seconds(15));
      auto [waited] = co_await queue->wake.async_wait(kUseTuple);
      SetWaiting(session, false);
      if (!waited && !stopping) pending.push_back("\n");  // the heartbeat
    }
    session.cancel = [&stream] { stream.cancel(); };
    if (!alive || *peer_gone) co_return;
    stream.expires_after(limits.read_timeout);
    if (overflowed) {
      const std::string last =
          StatusBody(503, "StreamOverflow",
                     "this client fell " + std::to_string(limits.max_queued_events) +
                         " events behind; reconnect with ?after=<last sequence read>");
      co_await asio::async_write(stream, http::make_chunk(asio::buffer(last)), kUseTuple);
    }
    co_await asio::async_write(stream, http::make_chunk_last(), kUseTuple);
  }

  // Stops accepting and ends the sessions waiting for a request; on the server's executor.
  void StopNow() {
    if (stopping) return;
    stopping = true;
    boost::system::error_code ignored;
    for (auto& acceptor : tcp_acceptors) acceptor.close(ignored);
    for (auto& acceptor : unix_acceptors) acceptor.close(ignored);
    for (auto& session : sessions) {
      if (session.waiting_for_request && session.cancel) session.cancel();
    }
    std::error_code fs_error;
    for (const auto& path : socket_paths) std::filesystem::remove(path, fs_error);
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

HttpServer::HttpServer(asio::any_io_executor executor, const Router& router, ServerLimits limits,
                       asio::any_io_executor backend_executor)
    : impl_(std::make_shared<Impl>(std::move(executor), router, limits,
                                   std::move(backend_executor))) {}

HttpServer::~HttpServer() {
  // Whatever thread ran the server has stopped by now.
  impl_->StopNow();
  impl_->detached = true;
}

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
  unsigned port = 0;
  const std::string_view port_text = std::string_view(host_port).substr(colon + 1);
  const auto [end, status] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (status != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return MakeError(ErrorKind::kInvalidSpec, "api.tcp: bad port in " + host_port);
  }
  auto& acceptor = impl_->tcp_acceptors.emplace_back(impl_->executor);
  const Tcp::endpoint endpoint(address, static_cast<std::uint16_t>(port));
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

std::size_t HttpServer::BusySessions() const { return impl_->busy.load(); }

void HttpServer::Stop() {
  asio::dispatch(impl_->executor, [impl = impl_] { impl->StopNow(); });
}

}  // namespace awsr::api
