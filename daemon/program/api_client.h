// A client of the daemon's own control API, for the command line: the unix socket, or TCP with
// a bearer token. Synchronous: one command makes one or two calls.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "daemon/base/error.h"

namespace awsr {

struct ApiEndpoint {
  std::string unix_socket;  // used when set
  std::string host;         // else host and port over TCP
  std::string port;
  std::string token;  // sent as "Authorization: Bearer" when set
};

struct ApiReply {
  unsigned status = 0;
  std::string body;
};

// "http://127.0.0.1:8080" or "127.0.0.1:8080" or "[::1]:8080".
Result<ApiEndpoint> ParseApiUrl(std::string_view url);

// One request and its whole reply; fails only when the daemon cannot be reached or answers
// something that is not HTTP.
Result<ApiReply> CallApi(const ApiEndpoint& endpoint, std::string_view method,
                         std::string_view target);

// A streaming GET: `on_line` gets each line of the body as it arrives, until the daemon ends
// the reply or `on_line` returns false.
Result<void> FollowApi(const ApiEndpoint& endpoint, std::string_view target,
                       const std::function<bool(std::string_view line)>& on_line);

}  // namespace awsr
