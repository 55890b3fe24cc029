#include "api/router.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>

#include "api/dashboard_page.h"
#include "daemon/base/json_fields.h"

namespace awsr::api {
namespace {

// GET /v1/events' answer, {"events": [...], "last_sequence": N}, with the keys in DumpJson's
// order; compact, as a long list is (JsonResponse).
std::string EventsDocument(const EventTexts& events) {
  const auto itself = [](const std::string& text) -> const std::string& { return text; };
  return "{\"events\":" + JoinJsonTexts(events.texts, itself) +
         ",\"last_sequence\":" + std::to_string(events.last_sequence) + "}\n";
}

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
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

// "127.0.0.1", "127.0.0.1:8080", "[::1]:8080", "localhost:8080": no DNS name an attacker controls.
bool IsAddressOrLocalhost(std::string_view host) {
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return false;
    boost::system::error_code error;
    boost::asio::ip::make_address_v6(std::string(host.substr(1, close - 1)), error);
    return !error;
  }
  host = host.substr(0, host.find(':'));
  if (host == "localhost") return true;
  boost::system::error_code error;
  boost::asio::ip::make_address_v4(std::string(host), error);
  return !error;
}

// GET /v1/resources takes type, state, limit and after; anything else is a mistake worth naming,
// since ignoring it would hand back the whole list as if it had been filtered.
std::optional<Response> RefuseListQuery(const std::map<std::string, std::string>& query) {
  constexpr std::array<std::string_view, 4> kKnown = {"type", "state", "limit", "after"};
  for (const auto& [key, value] : query) {
    if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end()) {
      return ErrorResponse(400, "InvalidParameter",
                           "unknown query parameter \"" + key +
                               "\"; /v1/resources takes type, state, limit and after");
    }
  }
  if (const auto limit = query.find("limit"); limit != query.end()) {
    const std::string& text = limit->second;
    const bool digits = !text.empty() && text.size() <= 5 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const int value = digits ? std::stoi(text) : 0;
    if (value < 1 || value > kMaxListLimit) {
      return ErrorResponse(400, "InvalidParameter",
                           "limit \"" + text + "\": a whole number from 1 to " +
                               std::to_string(kMaxListLimit) + " is needed");
    }
  }
  return std::nullopt;
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

Response JsonResponse(int status, const nlohmann::json& body, bool indent) {
  return Response{status, DumpJson(body, indent ? 2 : -1) + "\n", "application/json"};
}

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  return JsonResponse(status, {{"error", code}, {"message", message}});
}

Router::Router(Backend& backend, std::string token) : backend_(backend), token_(std::move(token)) {
  using Query = std::map<std::string, std::string>;
  const auto read = [](auto body) {
    return [body](const Request&, const Query& query, const std::string& id) {
      return body(query, id);
    };
  };
  routes_ = {
      {"GET", "/", false, true, read([](const Query&, const std::string&) {
         return Response{200, std::string(DashboardPage()), "text/html; charset=utf-8", false};
       })},
      {"GET", "/healthz", false, true, read([](const Query&, const std::string&) {
         return JsonResponse(200, {{"status", "alive"}});
       })},
      {"GET", "/readyz", false, true, read([this](const Query&, const std::string&) {
         return backend_.Ready()
                    ? JsonResponse(200, {{"status", "ready"}})
                    : ErrorResponse(503, "NotReady", "the first full cycle has not finished yet");
       })},
      {"GET", "/v1/status", false, true, read([this](const Query&, const std::string&) {
         return Response{200, backend_.Status(), "application/json", false};
       })},
      {"GET", "/v1/files", false, false, read([this](const Query&, const std::string&) {
         return JsonResponse(200, backend_.Files());
       })},
      {"GET", "/v1/resources", false, true, read([this](const Query& query, const std::string&) {
         if (auto refused = RefuseListQuery(query)) return std::move(*refused);
         return Response{200, "", "application/json", false, backend_.Resources(query)};
       })},
      {"GET", "/v1/resources/{id}", false, false, read([this](const Query&, const std::string& id) {
         auto resource = backend_.Resource(id);
         return resource ? JsonResponse(200, *resource)
                         : ErrorResponse(404, "NotFound", "no resource " + id);
       })},
      {"GET", "/v1/plan", false, false, read([this](const Query&, const std::string&) {
         return JsonResponse(200, backend_.Plan());
       })},
      {"GET", "/v1/events", false, false, read([this](const Query& query, const std::string&) {
         std::uint64_t after = 0;
         if (auto since = query.find("after"); since != query.end()) {
           after = std::strtoull(since->second.c_str(), nullptr, 10);
         }
         const auto follow = query.find("follow");
         const EventTexts events = backend_.Events(after);
         if (follow != query.end() && (follow->second == "1" || follow->second == "true")) {
           // Streamed as newline-delimited JSON: the backlog first, then each new event.
           std::string backlog;
           for (const std::string& event : events.texts) backlog.append(event).append("\n");
           return Response{200, backlog, "application/x-ndjson", true};
         }
         return Response{200, EventsDocument(events), "application/json", false};
       })},
      {"GET", "/metrics", false, false, read([this](const Query&, const std::string&) {
         return Response{200, backend_.Metrics(), "text/plain; version=0.0.4", false};
       })},
      {"POST", "/v1/reload", true, false, read([this](const Query&, const std::string&) {
         return JsonResponse(202, backend_.Reload());
       })},
      {"POST", "/v1/reconcile", true, false, read([this](const Query&, const std::string&) {
         return JsonResponse(202, *backend_.Reconcile(std::nullopt));
       })},
      {"POST", "/v1/reconcile/{id}", true, false, read([this](const Query&, const std::string& id) {
         auto queued = backend_.Reconcile(id);
         return queued ? JsonResponse(202, *queued)
                       : ErrorResponse(404, "NotFound", "no resource " + id);
       })},
      {"POST", "/v1/deletions/approve", true, false, read([this](const Query&, const std::string&) {
         return JsonResponse(202, backend_.ApproveDeletions());
       })},
  };
}

bool Router::Matches(const Route& route, const std::string& path, std::string& id) {
  constexpr std::string_view kParameter = "/{id}";
  if (!route.path.ends_with(kParameter)) return route.path == path;
  const std::string prefix = route.path.substr(0, route.path.size() - kParameter.size() + 1);
  if (!path.starts_with(prefix) || path.size() == prefix.size()) return false;
  id = path.substr(prefix.size());
  return id.find('/') == std::string::npos;
}

void Router::set_token(std::string token) {
  const std::lock_guard lock(token_mutex_);
  token_ = std::move(token);
}

bool Router::AnswersAnywhere(const Request& request) const {
  const auto [path, query] = SplitTarget(request.target);
  for (const Route& route : routes_) {
    std::string id;
    if (route.method == request.method && Matches(route, path, id)) return route.anywhere;
  }
  return true;  // an error answer, from nothing the backend holds
}

bool Router::HasToken(const Request& request) const {
  const std::lock_guard lock(token_mutex_);
  if (token_.empty()) return false;
  const std::string expected = "Bearer " + token_;
  return request.authorization.size() == expected.size() &&
         CRYPTO_memcmp(request.authorization.data(), expected.data(), expected.size()) == 0;
}

bool Router::MayWrite(const Request& request) const {
  return request.trusted_peer || HasToken(request);
}

bool Router::HostAllowed(const Request& request) const {
  if (request.trusted_peer || request.host.empty()) return true;
  return IsAddressOrLocalhost(request.host) || HasToken(request);
}

Response Router::Handle(const Request& request) const {
  if (!HostAllowed(request)) {
    return ErrorResponse(403, "HostNotAllowed",
                         "over TCP, use an IP address or localhost as the host, or the token");
  }
  const auto [path, query] = SplitTarget(request.target);
  bool path_known = false;
  for (const Route& route : routes_) {
    std::string id;
    if (!Matches(route, path, id)) continue;
    path_known = true;
    if (route.method != request.method) continue;
    if (route.writes && !MayWrite(request)) {
      return ErrorResponse(401, "Unauthorized",
                           "writes need the unix socket or an Authorization: Bearer token");
    }
    return route.handler(request, query, id);
  }
  if (path_known) return ErrorResponse(405, "MethodNotAllowed", request.method + " " + path);
  return ErrorResponse(404, "NotFound", "no route " + path);
}

}  // namespace awsr::api
