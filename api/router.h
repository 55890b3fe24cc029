// The control API's routing, pure: a request in, a response out, no sockets. The HTTP server
// (api/http_server) only moves bytes; the daemon implements Backend.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace awsr::api {

struct Request {
  std::string method;
  std::string target;  // path and query, as sent
  std::string body;
  std::string authorization;  // the Authorization header, if any
  bool trusted_peer = false;  // reached us over the unix socket, whose mode already limits who
  std::string host;           // the Host header, if any
};

// A text shared by every reader that sends it, never copied per request.
using SharedText = std::shared_ptr<const std::string>;

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  // GET /v1/events?follow=1: after `body`, the server streams new events as they happen.
  bool follow_events = false;
  // Sent instead of `body` when set: a large answer the backend keeps (the whole resource list,
  // ~5 MB at 10,000), written from where it is held.
  SharedText shared_body = nullptr;

  const std::string& Text() const { return shared_body ? *shared_body : body; }
};

// The largest page GET /v1/resources?limit= hands out.
inline constexpr int kMaxListLimit = 10000;

// Events as the daemon keeps them: each one's JSON object as DumpJson wrote it once, so a
// request joins texts instead of serialising up to a thousand events on the daemon's loop.
struct EventTexts {
  std::vector<std::string> texts;  // oldest first
  std::uint64_t last_sequence = 0;
};

// What the API can ask of the daemon. Each method is quick and never blocks the loop. Ready,
// Status and Resources answer from what the daemon last published and may be called from any
// thread (the API's own); the others run on the daemon's loop.
class Backend {
 public:
  virtual ~Backend() = default;
  // Ready after the first full load (and, with an engine, the first full cycle).
  virtual bool Ready() const = 0;
  // JSON text, ready to send.
  virtual std::string Status() const = 0;
  // Each desired-state file with its parse/validation result.
  virtual nlohmann::json Files() const = 0;
  // Re-reads config and desired files; returns at once, the work happens on the loop.
  virtual nlohmann::json Reload() = 0;
  // Filters: "type", "state" (exact). A page: "limit" (1 to kMaxListLimit, checked by the
  // router) entries whose logical IDs sort after "after"; "next" in the answer names the last
  // one when more follow. JSON text {"resources": [...], "next": ...}, ready to send.
  virtual SharedText Resources(const std::map<std::string, std::string>& filters) const = 0;
  virtual std::optional<nlohmann::json> Resource(std::string_view logical_id) const = 0;
  virtual nlohmann::json Plan() const = 0;
  // Events with a sequence number above `after`, oldest first, as the texts kept of them.
  virtual EventTexts Events(std::uint64_t after) const = 0;
  // Queues a cycle (all, or one resource); nullopt when the logical ID is unknown.
  virtual std::optional<nlohmann::json> Reconcile(std::optional<std::string> logical_id) = 0;
  virtual nlohmann::json ApproveDeletions() = 0;
  // Prometheus text exposition format.
  virtual std::string Metrics() const = 0;
  // For streaming: each new event, as one JSON object. Returns an id for Unsubscribe.
  virtual int SubscribeEvents(std::function<void(const nlohmann::json&)> listener) = 0;
  virtual void UnsubscribeEvents(int id) = 0;
};

// Indented for people reading curl output, unless the body is a long list (machines read those).
Response JsonResponse(int status, const nlohmann::json& body, bool indent = true);
// Errors are {"error": CODE, "message": TEXT}.
Response ErrorResponse(int status, std::string_view code, std::string_view message);

class Router {
 public:
  // An empty token means writes are open only to trusted (unix socket) peers.
  Router(Backend& backend, std::string token);

  // Over TCP, a request naming a Host other than an IP address or "localhost" needs the token,
  // reads included: a page in a local browser can make its own DNS name point at 127.0.0.1
  // ("DNS rebinding") and read the answers; it cannot send the token.
  Response Handle(const Request& request) const;
  // Whether Handle may run on any thread for this request: it reads only what the backend
  // publishes (Ready, Status, Resources) or nothing at all.
  bool AnswersAnywhere(const Request& request) const;
  Backend& backend() const { return backend_; }
  // A new token (SIGHUP re-reads the token file); requests from then on need it. Any thread.
  void set_token(std::string token);

 private:
  struct Route {
    std::string method;
    std::string path;  // a trailing "/{id}" matches one more segment, handed to the handler
    bool writes;
    bool anywhere;  // see AnswersAnywhere
    std::function<Response(const Request&, const std::map<std::string, std::string>& query,
                           const std::string& id)>
        handler;
  };
  // Whether `path` matches the route; fills `id` for "/{id}" routes.
  static bool Matches(const Route& route, const std::string& path, std::string& id);
  bool MayWrite(const Request& request) const;
  bool HasToken(const Request& request) const;
  // Whether a TCP request may be answered at all: see Handle().
  bool HostAllowed(const Request& request) const;

  Backend& backend_;
  mutable std::mutex token_mutex_;
  std::string token_;
  std::vector<Route> routes_;
};

// Splits "/v1/resources?type=A&state=B" into the path and decoded query parameters.
std::pair<std::string, std::map<std::string, std::string>> SplitTarget(std::string_view target);

}  // namespace awsr::api
