// Beast, in the one translation unit of the command-line side that speaks HTTP.
#include "daemon/program/api_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace awsr {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

// A local daemon answers in milliseconds; a reply that takes longer than this is a hang.
constexpr int kReplyTimeoutSeconds = 30;

Error Unreachable(const ApiEndpoint& endpoint, const boost::system::error_code& ec) {
  const std::string where =
      endpoint.unix_socket.empty() ? endpoint.host + ":" + endpoint.port : endpoint.unix_socket;
  return MakeError(ErrorKind::kTransient,
                   "cannot reach the daemon's API at " + where + ": " + ec.message());
}

std::string HostHeader(const ApiEndpoint& endpoint) {
  if (!endpoint.unix_socket.empty()) return "localhost";
  const bool ipv6 = endpoint.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + endpoint.port;
}

http::request<http::empty_body> MakeRequest(const ApiEndpoint& endpoint, std::string_view method,
                                            std::string_view target) {
  http::request<http::empty_body> request(http::string_to_verb(method), target, 11);
  request.set(http::field::host, HostHeader(endpoint));
  request.set(http::field::user_agent, "awsreconciled-cli/" AWSR_VERSION);
  if (!endpoint.token.empty()) request.set(http::field::authorization, "Bearer " + endpoint.token);
  request.prepare_payload();
  return request;
}

void LimitWaiting(int native_handle) {
  timeval timeout{kReplyTimeoutSeconds, 0};
  setsockopt(native_handle, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(native_handle, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

// Runs `use` on a connected socket of the endpoint's kind.
template <typename Answer, typename Use>
Answer WithSocket(const ApiEndpoint& endpoint, const Use& use) {
  asio::io_context io;
  boost::system::error_code ec;
  if (!endpoint.unix_socket.empty()) {
    asio::local::stream_protocol::socket socket(io);
    socket.connect(asio::local::stream_protocol::endpoint(endpoint.unix_socket), ec);
    if (ec) return Unreachable(endpoint, ec);
    return use(socket);
  }
  asio::ip::tcp::resolver resolver(io);
  const auto addresses = resolver.resolve(endpoint.host, endpoint.port, ec);
  if (ec) return Unreachable(endpoint, ec);
  asio::ip::tcp::socket socket(io);
  asio::connect(socket, addresses, ec);
  if (ec) return Unreachable(endpoint, ec);
  return use(socket);
}

}  // namespace

Result<ApiEndpoint> ParseApiUrl(std::string_view url) {
  if (url.starts_with("http://")) url.remove_prefix(7);
  while (url.ends_with('/')) url.remove_suffix(1);
  const auto colon = url.rfind(':');
  if (url.starts_with("https://") || colon == std::string_view::npos || colon + 1 == url.size()) {
    return MakeError(ErrorKind::kInvalidSpec,
                     "--api " + std::string(url) + ": expected http://HOST:PORT");
  }
  ApiEndpoint endpoint;
  endpoint.host = std::string(url.substr(0, colon));
  if (endpoint.host.starts_with('[') && endpoint.host.ends_with(']')) {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  endpoint.port = std::string(url.substr(colon + 1));
  return endpoint;
}

Result<ApiReply> CallApi(const ApiEndpoint& endpoint, std::string_view method,
                         std::string_view target) {
  return WithSocket<Result<ApiReply>>(endpoint, [&](auto& socket) -> Result<ApiReply> {
    LimitWaiting(socket.native_handle());
    boost::system::error_code ec;
    http::write(socket, MakeRequest(endpoint, method, target), ec);
    // Beast reads into the buffer's free room, at least 512 bytes: room for a large answer
    // (10,000 resources' list is megabytes) spares thousands of reads.
    boost::beast::flat_buffer buffer;
    buffer.reserve(64 * 1024);
    http::response<http::string_body> response;
    if (!ec) http::read(socket, buffer, response, ec);
    if (ec) return Unreachable(endpoint, ec);
    return ApiReply{response.result_int(), std::move(response.body())};
  });
}

Result<void> FollowApi(const ApiEndpoint& endpoint, std::string_view target,
                       const std::function<bool(std::string_view line)>& on_line) {
  return WithSocket<Result<void>>(endpoint, [&](auto& socket) -> Result<void> {
    boost::system::error_code ec;
    http::write(socket, MakeRequest(endpoint, "GET", target), ec);
    if (ec) return Unreachable(endpoint, ec);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);  // a stream has no end to limit
    http::read_header(socket, buffer, parser, ec);
    if (ec) return Unreachable(endpoint, ec);
    if (parser.get().result_int() != 200) {
      return MakeError(ErrorKind::kInvalidSpec,
                       "the daemon answered " + std::to_string(parser.get().result_int()));
    }
    std::string pending;
    char chunk[4096];
    while (!parser.is_done()) {
      parser.get().body().data = chunk;
      parser.get().body().size = sizeof chunk;
      // read_some: return with whatever arrived, so each event shows when it happens.
      http::read_some(socket, buffer, parser, ec);
      if (ec == http::error::need_buffer) ec = {};
      if (ec) return Unreachable(endpoint, ec);
      pending.append(chunk, sizeof chunk - parser.get().body().size);
      for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
        const std::string line = pending.substr(0, end);
        pending.erase(0, end + 1);
        if (!line.empty() && !on_line(line)) return {};
      }
    }
    return {};
  });
}

}  // namespace awsr
