// The one file that includes Beast and OpenSSL's TLS.
#include "daemon/aws/transport.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>

#include "daemon/aws/write_fence.h"

namespace awsr::aws {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// Whether `dir` holds certificates under their subject hash ("9d04f354.0"), as c_rehash and
// Debian's update-ca-certificates leave /etc/ssl/certs: OpenSSL can look one up as needed.
bool HoldsHashedCertificates(const std::string& dir) {
  const auto hashed = [](std::string_view name) {
    const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return name.size() > 9 && std::all_of(name.begin(), name.begin() + 8, hex) && name[8] == '.' &&
           std::all_of(name.begin() + 9, name.end(), digit);
  };
  std::error_code error;
  for (std::filesystem::directory_iterator entry(dir, error), end; !error && entry != end;
       entry.increment(error)) {
    if (hashed(entry->path().filename().string())) return true;
  }
  return false;
}

// The certificate authorities OpenSSL's defaults trust (SSL_CERT_DIR and SSL_CERT_FILE, else
// the built-in directory and bundle), but each looked up in the hashed directory when a
// handshake needs it, rather than the whole bundle parsed up front: its ~140 certificates held
// ~1.7 MB for the few that AWS's endpoints chain to. A directory without hashes: the bundle.
void TrustDefaultAuthorities(asio::ssl::context& context) {
  boost::system::error_code ignored;  // what is missing fails the handshakes, which say why
  const char* dir = std::getenv(X509_get_default_cert_dir_env());
  if (dir == nullptr || *dir == '\0') dir = X509_get_default_cert_dir();
  context.add_verify_path(dir, ignored);
  const char* file = std::getenv(X509_get_default_cert_file_env());
  if (file == nullptr || *file == '\0') {
    if (HoldsHashedCertificates(dir)) return;
    file = X509_get_default_cert_file();
  }
  context.load_verify_file(file, ignored);
}

// The room an answer is read into. Beast reads into a buffer's free room, at least 512 bytes:
// a buffer left at its first size read a megabyte describe page 512 bytes at a time, a system
// call and a wakeup each (~30% of a steady cycle's CPU at 10,000 resources, issue #16).
constexpr std::size_t kReadRoom = 64 * 1024;

struct Connection {
  Connection() { buffer.reserve(kReadRoom); }

  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  std::unique_ptr<beast::tcp_stream> plain;
  beast::flat_buffer buffer;
  Clock::time_point idle_since;

  beast::tcp_stream& Tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

Error TransportError(std::string_view code, std::string message) {
  Error error = MakeError(ErrorKind::kTransient, std::move(message));
  error.aws_code = std::string(code);
  return error;
}

Error FromErrorCode(const boost::system::error_code& ec, std::string_view stage,
                    const TransportTarget& target) {
  std::string message = std::string(stage) + " " + target.host + ":" + std::to_string(target.port) +
                        ": " + ec.message();
  if (ec == beast::error::timeout) return TransportError(kTimeout, message);
  return TransportError(stage == "connect" ? kConnectFailed : kNetworkError, message);
}

std::string PoolKey(const TransportTarget& target) {
  return std::string(target.tls ? "https://" : "http://") + target.host + ":" +
         std::to_string(target.port);
}

http::request<http::string_body> ToBeast(const HttpRequest& request) {
  http::request<http::string_body> out;
  http::verb verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown) {
    out.method_string(request.method);
  } else {
    out.method(verb);
  }
  out.target(request.Target());
  out.version(11);
  for (const auto& [name, value] : request.headers) out.insert(name, value);
  out.body() = request.body;
  out.prepare_payload();
  return out;
}

HttpResponse FromBeast(http::response<http::string_body>&& response) {
  HttpResponse out;
  out.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(response.body());
  return out;
}

}  // namespace

class BeastTransport::Impl {
 public:
  Impl(asio::any_io_executor executor, TransportSettings settings)
      : executor_(std::move(executor)),
        settings_(settings),
        ssl_context_(asio::ssl::context::tls_client) {
    TrustDefaultAuthorities(ssl_context_);
    ssl_context_.set_verify_mode(asio::ssl::verify_peer);
  }

  asio::awaitable<Result<HttpResponse>> Send(TransportTarget target, HttpRequest request) {
    Clock::time_point deadline = Clock::now() + settings_.total_timeout;
    http::request<http::string_body> wire = ToBeast(request);
    bool head = request.method == "HEAD";
    // A kept-alive connection the server closed in the meantime fails before any response byte.
    // That case is sent once more on a fresh connection, when resending is harmless or the
    // request never left; never after a timeout (the server may be working on it).
    for (int attempt = 0; attempt < 2; ++attempt) {
      std::unique_ptr<Connection> connection = TakeIdle(target);
      bool reused = connection != nullptr;
      if (!connection) {
        auto connected = co_await Connect(target, deadline);
        if (!connected) co_return connected.error();
        connection = std::move(*connected);
        ++counters_.connections_opened;
      } else {
        ++counters_.connections_reused;
      }
      // The last look of the write fence: nothing from here to the write waits.
      if (request.may_leave && !request.may_leave()) co_return WriteFencedError();
      ExchangeProgress progress;
      auto response = co_await Exchange(*connection, wire, head, target, deadline, progress);
      if (!response) {
        const bool may_resend = reused && !progress.response_started &&
                                response.error().aws_code != kTimeout &&
                                (!progress.request_sent || request.safe_to_resend);
        if (may_resend && Clock::now() < deadline) continue;
        co_return response.error();
      }
      if (response->keep_alive()) PutIdle(target, std::move(connection));
      co_return FromBeast(std::move(*response));
    }
    co_return TransportError(kNetworkError, "connection closed by " + target.host);
  }

  const TransportCounters& counters() const { return counters_; }
  size_t idle_connections() const {
    size_t count = 0;
    for (const auto& [key, connections] : idle_) count += connections.size();
    return count;
  }
  size_t idle_read_room() const {
    size_t bytes = 0;
    for (const auto& [key, connections] : idle_) {
      for (const auto& connection : connections) bytes += connection->buffer.capacity();
    }
    return bytes;
  }

 private:
  std::chrono::milliseconds StepTimeout(std::chrono::milliseconds step,
                                        Clock::time_point deadline) const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return std::max(std::chrono::milliseconds(1), std::min(step, left));
  }

  asio::awaitable<Result<std::unique_ptr<Connection>>> Connect(TransportTarget target,
                                                               Clock::time_point deadline) {
    Clock::time_point connect_deadline =
        std::min(deadline, Clock::now() + settings_.connect_timeout);
    tcp::resolver resolver(executor_);
    asio::steady_timer resolve_timer(executor_, connect_deadline);
    resolve_timer.async_wait([&resolver](boost::system::error_code ec) {
      if (!ec) resolver.cancel();  // only touched while Connect is still suspended on resolve
    });
    auto [resolve_ec, endpoints] =
        co_await resolver.async_resolve(target.host, std::to_string(target.port), kUseTuple);
    resolve_timer.cancel();
    if (resolve_ec) co_return FromErrorCode(resolve_ec, "connect", target);

    auto connection = std::make_unique<Connection>();
    if (target.tls) {
      connection->tls =
          std::make_unique<beast::ssl_stream<beast::tcp_stream>>(executor_, ssl_context_);
    } else {
      connection->plain = std::make_unique<beast::tcp_stream>(executor_);
    }
    beast::tcp_stream& stream = connection->Tcp();
    stream.expires_at(connect_deadline);
    auto [connect_ec, connected] = co_await stream.async_connect(endpoints, kUseTuple);
    if (connect_ec) co_return FromErrorCode(connect_ec, "connect", target);
    stream.socket().set_option(tcp::no_delay(true));
    if (!target.tls) co_return connection;

    SSL* ssl = connection->tls->native_handle();
    boost::system::error_code address_ec;
    asio::ip::make_address(target.host, address_ec);
    if (address_ec) {  // a name: send SNI and verify the certificate against it
      // Without the name to check, any valid certificate would do: a failure here is fatal.
      if (SSL_set_tlsext_host_name(ssl, target.host.c_str()) != 1 ||
          SSL_set1_host(ssl, target.host.c_str()) != 1) {
        co_return TransportError(kConnectFailed, "cannot set TLS host name " + target.host);
      }
    } else if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), target.host.c_str()) != 1) {
      co_return TransportError(kConnectFailed, "cannot set TLS peer address " + target.host);
    }
    auto [handshake_ec] =
        co_await connection->tls->async_handshake(asio::ssl::stream_base::client, kUseTuple);
    if (handshake_ec) co_return FromErrorCode(handshake_ec, "connect", target);
    co_return connection;
  }

  // How far one exchange got, for deciding whether it may be sent again.
  struct ExchangeProgress {
    bool request_sent = false;
    bool response_started = false;
  };

  asio::awaitable<Result<http::response<http::string_body>>> Exchange(
      Connection& connection, const http::request<http::string_body>& wire, bool head,
      TransportTarget target, Clock::time_point deadline, ExchangeProgress& progress) {
    if (connection.tls) {
      co_return co_await ExchangeOn(*connection.tls, connection, wire, head, target, deadline,
                                    progress);
    }
    co_return co_await ExchangeOn(*connection.plain, connection, wire, head, target, deadline,
                                  progress);
  }

  template <typename Stream>
  asio::awaitable<Result<http::response<http::string_body>>> ExchangeOn(
      Stream& stream, Connection& connection, const http::request<http::string_body>& wire,
      bool head, TransportTarget target, Clock::time_point deadline, ExchangeProgress& progress) {
    beast::tcp_stream& tcp_stream = connection.Tcp();
    tcp_stream.expires_after(StepTimeout(settings_.read_timeout, deadline));
    auto [write_ec, written] = co_await http::async_write(stream, wire, kUseTuple);
    // Bytes handed to the kernel may have reached the server even when the write failed.
    progress.request_sent = written > 0;
    if (write_ec) co_return FromErrorCode(write_ec, "write", target);

    http::response_parser<http::string_body> parser;
    parser.body_limit(settings_.max_response_bytes);
    parser.skip(head);
    tcp_stream.expires_after(StepTimeout(settings_.read_timeout, deadline));
    auto [header_ec, header_bytes] =
        co_await http::async_read_header(stream, connection.buffer, parser, kUseTuple);
    progress.response_started = header_bytes > 0 || connection.buffer.size() > 0;
    if (header_ec) co_return FromErrorCode(header_ec, "read", target);
    if (!parser.is_done()) {
      tcp_stream.expires_after(StepTimeout(settings_.read_timeout, deadline));
      auto [body_ec, body_bytes] =
          co_await http::async_read(stream, connection.buffer, parser, kUseTuple);
      if (body_ec == http::error::body_limit) {
        co_return TransportError(kNetworkError, "response from " + target.host + " exceeds " +
                                                    std::to_string(settings_.max_response_bytes) +
                                                    " bytes");
      }
      if (body_ec) co_return FromErrorCode(body_ec, "read", target);
    }
    tcp_stream.expires_never();
    co_return parser.release();
  }

  std::unique_ptr<Connection> TakeIdle(const TransportTarget& target) {
    auto it = idle_.find(PoolKey(target));
    if (it == idle_.end()) return nullptr;
    auto& connections = it->second;
    while (!connections.empty()) {
      std::unique_ptr<Connection> connection = std::move(connections.back());
      connections.pop_back();
      if (Clock::now() - connection->idle_since < settings_.idle_timeout &&
          StillOpen(*connection)) {
        connection->buffer.reserve(kReadRoom);  // given back while it was idle
        return connection;
      }
    }
    return nullptr;
  }

  // An idle connection the server has closed (EOF or reset waiting in the socket) is dropped
  // before a request is risked on it. Pending bytes are left to TLS (a session ticket).
  static bool StillOpen(Connection& connection) {
    char byte = 0;
    const ssize_t got =
        ::recv(connection.Tcp().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return got > 0 || (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
  }

  void PutIdle(const TransportTarget& target, std::unique_ptr<Connection> connection) {
    auto& connections = idle_[PoolKey(target)];
    if (connections.size() >= settings_.max_idle_per_host) connections.pop_front();
    connection->idle_since = Clock::now();
    // An idle connection holds no read room: 64 KiB each, for as long as it waits (between
    // cycles, hours), against one allocation when it is taken again.
    if (connection->buffer.size() == 0) connection->buffer.shrink_to_fit();
    connections.push_back(std::move(connection));
  }

  asio::any_io_executor executor_;
  TransportSettings settings_;
  asio::ssl::context ssl_context_;
  std::map<std::string, std::deque<std::unique_ptr<Connection>>> idle_;
  TransportCounters counters_;
};

BeastTransport::BeastTransport(asio::any_io_executor executor, TransportSettings settings)
    : impl_(std::make_unique<Impl>(std::move(executor), settings)) {}
BeastTransport::~BeastTransport() = default;

asio::awaitable<Result<HttpResponse>> BeastTransport::Send(TransportTarget target,
                                                           HttpRequest request) {
  co_return co_await impl_->Send(std::move(target), std::move(request));
}

const TransportCounters& BeastTransport::counters() const { return impl_->counters(); }
size_t BeastTransport::idle_connections() const { return impl_->idle_connections(); }
size_t BeastTransport::idle_read_room() const { return impl_->idle_read_room(); }

}  // namespace awsr::aws
