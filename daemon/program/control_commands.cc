#include "daemon/program/control_commands.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "config/settings.h"
#include "daemon/program/cli.h"
#include "daemon/program/local_files.h"
#include "daemon/program/api_client.h"
#include "daemon/program/control_views.h"

namespace awsr {
namespace {

using nlohmann::json;

constexpr int kExitFailed = kExitProblems;

constexpr std::string_view kControlUsage =
    "usage: awsreconciled status | get resources [ID] | get files | get events | plan\n"
    "                     | reconcile [ID] | approve | reload | events [--follow]\n"
    "       options: -o table|json|name  --config PATH  --api http://HOST:PORT  --token-file F\n";

struct ControlLine {
  std::string command;
  std::vector<std::string> operands;
  std::string output = "table";
  std::string config_path = std::string(config::kDefaultConfigPath);
  bool config_path_given = false;
  std::string api_url;
  std::string token_file;
  bool follow = false;
};

Result<ControlLine> ParseControlLine(const std::vector<std::string>& args) {
  ControlLine line;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&](std::string_view option) -> Result<std::string> {
      if (i + 1 == args.size()) {
        return MakeError(ErrorKind::kInvalidSpec, std::string(option) + " needs a value");
      }
      return args[++i];
    };
    Result<std::string> taken = std::string();
    if (arg == "-o" || arg == "--output") {
      taken = value(arg);
      if (taken) line.output = *taken;
    } else if (arg == "-c" || arg == "--config") {
      taken = value(arg);
      if (taken) line.config_path = *taken, line.config_path_given = true;
    } else if (arg == "--api") {
      taken = value(arg);
      if (taken) line.api_url = *taken;
    } else if (arg == "--token-file") {
      taken = value(arg);
      if (taken) line.token_file = *taken;
    } else if (arg == "--follow" || arg == "-f") {
      line.follow = true;
    } else if (arg.starts_with("-")) {
      return MakeError(ErrorKind::kInvalidSpec, "unknown option " + arg);
    } else if (line.command.empty()) {
      line.command = arg;
    } else {
      line.operands.push_back(arg);
    }
    if (!taken) return taken.error();
  }
  if (line.output != "table" && line.output != "json" && line.output != "name") {
    return MakeError(ErrorKind::kInvalidSpec, "-o " + line.output + ": use table, json or name");
  }
  return line;
}

// --api and a token when given; else the unix socket the daemon's config names.
Result<ApiEndpoint> ResolveEndpoint(const ControlLine& line) {
  auto settings = config::LoadSettings(line.config_path, line.config_path_given);
  if (!settings) return settings.error();
  if (line.api_url.empty()) {
    if (settings->api.unix_socket.empty()) {
      return MakeError(ErrorKind::kInvalidSpec,
                       "the config has no api.unix_socket: give --api http://HOST:PORT");
    }
    return ApiEndpoint{settings->api.unix_socket, "", "", ""};
  }
  auto endpoint = ParseApiUrl(line.api_url);
  if (!endpoint) return endpoint;
  const std::string token_file =
      !line.token_file.empty() ? line.token_file : settings->api.token_file;
  if (const char* token = std::getenv("AWSR_API_TOKEN"); token != nullptr && token_file.empty()) {
    endpoint->token = token;
  } else if (!token_file.empty()) {
    auto token = ReadTokenFile(token_file);  // as the daemon reads it
    if (!token) return token.error();
    endpoint->token = *token;
  }
  return endpoint;
}

struct Route {
  std::string method;
  std::string target;
};

Result<Route> RouteOf(const ControlLine& line) {
  const auto& operands = line.operands;
  const std::string id = operands.empty() ? "" : operands.back();
  if (line.command == "status") return Route{"GET", "/v1/status"};
  if (line.command == "plan") return Route{"GET", "/v1/plan"};
  if (line.command == "approve") return Route{"POST", "/v1/deletions/approve"};
  if (line.command == "reload") return Route{"POST", "/v1/reload"};
  if (line.command == "reconcile")
    return Route{"POST", "/v1/reconcile" + (id.empty() ? "" : "/" + id)};
  if (line.command == "events") return Route{"GET", "/v1/events"};
  if (line.command == "get" && !operands.empty()) {
    const std::string& what = operands.front();
    const std::string one = operands.size() > 1 ? operands[1] : "";
    if (what == "resources" || what == "resource") {
      return Route{"GET", "/v1/resources" + (one.empty() ? "" : "/" + one)};
    }
    if (what == "files") return Route{"GET", "/v1/files"};
    if (what == "events") return Route{"GET", "/v1/events"};
  }
  return MakeError(ErrorKind::kInvalidSpec, "get what? resources [ID], files or events");
}

int Follow(const ApiEndpoint& endpoint, const ControlLine& line, std::ostream& out,
           std::ostream& err) {
  auto followed = FollowApi(endpoint, "/v1/events?follow=1", [&](std::string_view text) {
    if (line.output == "json") {
      out << text << "\n";
    } else {
      const json event = json::parse(text, nullptr, false);
      out << (event.is_object() ? EventLine(event) : std::string(text)) << "\n";
    }
    out.flush();
    return static_cast<bool>(out);
  });
  if (!followed) {
    err << "awsreconciled: " << followed.error().message << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

bool IsControlCommand(std::string_view command) {
  for (std::string_view name :
       {"status", "get", "plan", "reconcile", "approve", "reload", "events"}) {
    if (command == name) return true;
  }
  return false;
}

int RunControlCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                      bool out_is_terminal) {
  auto line = ParseControlLine(args);
  Result<Route> route = line ? RouteOf(*line) : Result<Route>(line.error());
  if (!route) {
    err << "awsreconciled: " << route.error().message << "\n" << kControlUsage;
    return kExitFailed;
  }
  auto endpoint = ResolveEndpoint(*line);
  if (!endpoint) {
    err << "awsreconciled: " << endpoint.error().message << "\n";
    return kExitFailed;
  }
  const bool colour = out_is_terminal && std::getenv("NO_COLOR") == nullptr;
  if (line->command == "events" && line->follow) return Follow(*endpoint, *line, out, err);

  auto reply = CallApi(*endpoint, route->method, route->target);
  if (!reply) {
    err << "awsreconciled: " << reply.error().message << "\n";
    return kExitFailed;
  }
  const json body = json::parse(reply->body, nullptr, false);
  if (reply->status >= 400 || body.is_discarded()) {
    err << "awsreconciled: the daemon answered " << reply->status << ": "
        << (body.is_object() ? body.value("message", reply->body) : reply->body) << "\n";
    return kExitFailed;
  }
  if (line->output == "json") {
    out << body.dump(2) << "\n";
  } else {
    out << RenderView(line->command, line->operands, body, line->output == "name", colour);
  }
  const bool changes_pending =
      line->command == "plan" && !body.value("actions", json::array()).empty();
  return changes_pending ? kExitChangesPending : kExitOk;
}

}  // namespace awsr
