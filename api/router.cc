#include "api/router.h"

#include <openssl/crypto.h>

namespace awsr::api {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

}  // namespace

std::pair<std::string, std::map<std::string, std::string>> SplitTarget(std::string_view target) {
  const auto question = target.find('?');
  std::string path = PercentDecode(target.substr(0, question));
  std::map<std::string, std::string> query;
  if (question == std::string_view::npos) return {path, query};
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto equals = pair.find('=');
    if (!pair.empty()) {
      query[PercentDecode(pair.substr(0, equals))] =
          equals == std::string_view::npos ? "" : PercentDecode(pair.substr(equals + 1));
    }
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return {path, query};
}

Response JsonResponse(int status, const nlohmann::json& body) {
  return Response{status, body.dump(2) + "\n", "application/json"};
}

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  return JsonResponse(status, {{"error", code}, {"message", message}});
}

Router::Router(Backend& backend, std::string token)
    : backend_(backend), token_(std::move(token)) {
  routes_ = {
      {"GET", "/healthz", false,
       [](const Request&) { return JsonResponse(200, {{"status", "alive"}}); }},
      {"GET", "/readyz", false,
       [this](const Request&) {
         return backend_.Ready() ? JsonResponse(200, {{"status", "ready"}})
                                 : ErrorResponse(503, "NotReady", "the first load is not done yet");
       }},
      {"GET", "/v1/status", false,
       [this](const Request&) { return JsonResponse(200, backend_.Status()); }},
      {"GET", "/v1/files", false,
       [this](const Request&) { return JsonResponse(200, backend_.Files()); }},
      {"POST", "/v1/reload", true,
       [this](const Request&) { return JsonResponse(202, backend_.Reload()); }},
  };
}

bool Router::MayWrite(const Request& request) const {
  if (request.trusted_peer) return true;
  if (token_.empty()) return false;
  const std::string expected = "Bearer " + token_;
  return request.authorization.size() == expected.size() &&
         CRYPTO_memcmp(request.authorization.data(), expected.data(), expected.size()) == 0;
}

Response Router::Handle(const Request& request) const {
  const auto [path, query] = SplitTarget(request.target);
  bool path_known = false;
  for (const Route& route : routes_) {
    if (route.path != path) continue;
    path_known = true;
    if (route.method != request.method) continue;
    if (route.writes && !MayWrite(request)) {
      return ErrorResponse(401, "Unauthorized",
                           "writes need the unix socket or an Authorization: Bearer token");
    }
    return route.handler(request);
  }
  if (path_known) return ErrorResponse(405, "MethodNotAllowed", request.method + " " + path);
  return ErrorResponse(404, "NotFound", "no route " + path);
}

}  // namespace awsr::api
