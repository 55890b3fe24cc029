#include "config/settings.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "config/lease_settings.h"

namespace awsr::config {
namespace {

using nlohmann::json;

Error KeyError(const std::string& pointer, const std::string& reason) {
  return MakeError(ErrorKind::kInvalidSpec, "config key " + pointer + ": " + reason);
}

// One setter per key; it receives the value and the key's JSON pointer for its messages.
using Setter = std::function<Result<void>(const json&, const std::string&)>;

Result<std::string> AsString(const json& value, const std::string& pointer) {
  if (!value.is_string()) return KeyError(pointer, "must be a string");
  return value.get<std::string>();
}

Result<int> AsInt(const json& value, const std::string& pointer, int min, int max) {
  if (!value.is_number_integer()) return KeyError(pointer, "must be an integer");
  const auto number = value.get<long long>();
  if (number < min || number > max) {
    return KeyError(pointer, "must be between " + std::to_string(min) + " and " +
                                 std::to_string(max) + ", got " + std::to_string(number));
  }
  return static_cast<int>(number);
}

Setter StringField(std::string& field) {
  return [&field](const json& value, const std::string& pointer) -> Result<void> {
    auto text = AsString(value, pointer);
    if (!text) return text.error();
    field = *text;
    return {};
  };
}

Setter PathField(std::string& field, bool may_be_empty) {
  return [&field, may_be_empty](const json& value, const std::string& pointer) -> Result<void> {
    auto text = AsString(value, pointer);
    if (!text) return text.error();
    if (text->empty() && !may_be_empty) return KeyError(pointer, "must not be empty");
    if (!text->empty() && text->front() != '/') {
      return KeyError(pointer, "must be an absolute path, got \"" + *text + "\"");
    }
    field = *text;
    return {};
  };
}

Setter IntField(int& field, int min, int max) {
  return [&field, min, max](const json& value, const std::string& pointer) -> Result<void> {
    auto number = AsInt(value, pointer, min, max);
    if (!number) return number.error();
    field = *number;
    return {};
  };
}

// A duration in the largest unit ParseDuration reads that holds it whole: "24h", "1s".
std::string DurationText(std::chrono::milliseconds duration) {
  for (const auto& [unit, milliseconds] :
       {std::pair{"h", 3600000LL}, {"m", 60000LL}, {"s", 1000LL}}) {
    if (duration.count() % milliseconds == 0) {
      return std::to_string(duration.count() / milliseconds) + unit;
    }
  }
  return std::to_string(duration.count()) + "ms";
}

// Seconds as a number, or text such as "30s", "5m" (ParseDuration), within [min, max].
Setter DurationField(std::chrono::milliseconds& field, std::chrono::milliseconds min,
                     std::chrono::milliseconds max) {
  const std::string range = "between " + DurationText(min) + " and " + DurationText(max);
  return [&field, min, max, range](const json& value, const std::string& pointer) -> Result<void> {
    if (!value.is_number_integer() && !value.is_string()) {
      return KeyError(pointer, "must be seconds or \"5m\"");
    }
    const auto duration = ParseDuration(value.is_string() ? value.get<std::string>()
                                                          : std::to_string(value.get<long long>()));
    if (!duration) return KeyError(pointer, duration.error().message);
    if (*duration < min || *duration > max) return KeyError(pointer, "must be " + range);
    field = *duration;
    return {};
  };
}

Setter ChoiceField(std::string& field, std::vector<std::string> choices) {
  return [&field, choices](const json& value, const std::string& pointer) -> Result<void> {
    auto text = AsString(value, pointer);
    if (!text) return text.error();
    for (const auto& choice : choices) {
      if (*text == choice) {
        field = *text;
        return {};
      }
    }
    std::string allowed;
    for (const auto& choice : choices) allowed += (allowed.empty() ? "" : ", ") + choice;
    return KeyError(pointer, "must be one of " + allowed + ", got \"" + *text + "\"");
  };
}

// Applies an object's members through the setters; an unknown member is an error.
Result<void> ApplyObject(const json& object, const std::string& pointer,
                         const std::map<std::string, Setter>& setters) {
  if (!object.is_object()) return KeyError(pointer.empty() ? "/" : pointer, "must be an object");
  for (const auto& [key, value] : object.items()) {
    const std::string member_pointer = pointer + "/" + key;
    auto setter = setters.find(key);
    if (setter == setters.end()) return KeyError(member_pointer, "unknown key");
    if (auto applied = setter->second(value, member_pointer); !applied) return applied.error();
  }
  return {};
}

bool IsRegionName(const std::string& region) {
  static const std::regex kRegion("^[a-z]{2}(-[a-z]+)+-[0-9]+$");
  return std::regex_match(region, kRegion);
}

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

Result<void> CheckEndpointUrl(const std::string& url, const std::string& pointer) {
  if (url.empty()) return {};
  if (url.starts_with("https://")) return {};
  if (url.starts_with("http://")) {
    std::string_view rest = std::string_view(url).substr(7);
    std::string_view host = rest.substr(0, rest.find_first_of("/"));
    if (host.starts_with("[")) {
      host = host.substr(0, host.find(']') + 1);
    } else {
      host = host.substr(0, host.find(':'));
    }
    if (IsLoopbackHost(host)) return {};
    return KeyError(pointer,
                    "plain http:// is allowed only for loopback hosts, got \"" + url + "\"");
  }
  return KeyError(pointer,
                  "must start with https:// (or http:// for loopback), got \"" + url + "\"");
}

Result<void> CheckSettings(const Settings& settings) {
  if (!IsRegionName(settings.region)) {
    return KeyError("/region", "\"" + settings.region + "\" is not an AWS region name");
  }
  static const std::regex kOwner("^[A-Za-z0-9_.:-]{1,64}$");
  if (!std::regex_match(settings.owner, kOwner)) {
    return KeyError("/owner",
                    "must be 1 to 64 of A-Z a-z 0-9 _ . : -, got \"" + settings.owner + "\"");
  }
  if (auto ok = CheckEndpointUrl(settings.endpoint_url, "/endpoint_url"); !ok) return ok.error();
  for (const auto& [service, url] : settings.service_endpoints) {
    if (auto ok = CheckEndpointUrl(url, "/service_endpoints/" + service); !ok) return ok.error();
  }
  if (settings.api.unix_socket.empty() && settings.api.tcp.empty()) {
    return KeyError("/api", "needs unix_socket or tcp: the API would be unreachable");
  }
  if (!settings.api.tcp.empty()) {
    static const std::regex kHostPort(R"(^(\[[0-9a-fA-F:.]+\]|[0-9.]+|localhost):[0-9]{1,5}$)");
    if (!std::regex_match(settings.api.tcp, kHostPort)) {
      return KeyError("/api/tcp",
                      "must be HOST:PORT with an IP address, got \"" + settings.api.tcp + "\"");
    }
    const std::string host = settings.api.tcp.substr(0, settings.api.tcp.rfind(':'));
    const int port = std::stoi(settings.api.tcp.substr(settings.api.tcp.rfind(':') + 1));
    if (port > 65535) {
      return KeyError("/api/tcp", "port " + std::to_string(port) + " is over 65535");
    }
    if (!IsLoopbackHost(host) && settings.api.token_file.empty()) {
      return KeyError("/api/tcp", "a non-loopback address needs api.token_file to be set");
    }
  }
  return {};
}

}  // namespace

std::string_view ToString(Mode mode) { return mode == Mode::kPlan ? "plan" : "apply"; }

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  long long number = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (status != std::errc() || number < 0) {
    return MakeError(ErrorKind::kInvalidSpec, "\"" + std::string(text) + "\" is not a duration");
  }
  const std::string_view unit(end, text.data() + text.size() - end);
  long long unit_ms = 0;
  if (unit == "ms") unit_ms = 1;
  if (unit.empty() || unit == "s") unit_ms = 1000;
  if (unit == "m") unit_ms = 60 * 1000;
  if (unit == "h") unit_ms = 3600 * 1000;
  if (unit_ms == 0) {
    return MakeError(ErrorKind::kInvalidSpec,
                     "\"" + std::string(text) + "\" has an unknown unit (use ms, s, m or h)");
  }
  // Ten years is far beyond any setting; far more would overflow the clocks' nanoseconds.
  constexpr long long kMaxMilliseconds = 10LL * 366 * 24 * 3600 * 1000;
  if (number > kMaxMilliseconds / unit_ms) {
    return MakeError(ErrorKind::kInvalidSpec, "\"" + std::string(text) + "\" is over ten years");
  }
  return std::chrono::milliseconds(number * unit_ms);
}

Result<Settings> ParseSettings(std::string_view text) {
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return MakeError(ErrorKind::kInvalidSpec, "config is not valid JSON");
  }
  Settings settings;
  std::string mode = "apply";
  const std::map<std::string, Setter> api_setters = {
      {"unix_socket", PathField(settings.api.unix_socket, true)},
      {"tcp", StringField(settings.api.tcp)},
      {"token_file", PathField(settings.api.token_file, true)},
  };
  const std::map<std::string, Setter> concurrency_setters = {
      {"global", IntField(settings.concurrency.global, 1, 256)},
      {"per_service", IntField(settings.concurrency.per_service, 1, 64)},
  };
  const std::map<std::string, Setter> detail_read_setters = {
      {"per_cycle", IntField(settings.detail_reads.per_cycle, 1, 100000)},
      {"per_service", IntField(settings.detail_reads.per_service, 1, 100000)},
  };
  const std::map<std::string, Setter> setters = {
      {"region", StringField(settings.region)},
      {"profile", StringField(settings.profile)},
      {"endpoint_url", StringField(settings.endpoint_url)},
      {"service_endpoints",
       [&settings](const json& value, const std::string& pointer) -> Result<void> {
         if (!value.is_object()) return KeyError(pointer, "must be an object of service: URL");
         for (const auto& [service, url] : value.items()) {
           auto text = AsString(url, pointer + "/" + service);
           if (!text) return text.error();
           settings.service_endpoints[service] = *text;
         }
         return {};
       }},
      {"owner", StringField(settings.owner)},
      {"desired_dir", PathField(settings.desired_dir, false)},
      {"state_dir", PathField(settings.state_dir, false)},
      {"poll_interval",
       DurationField(settings.poll_interval, std::chrono::seconds(1), std::chrono::hours(24))},
      {"consistency_grace",
       DurationField(settings.consistency_grace, std::chrono::seconds(1), std::chrono::hours(1))},
      {"api",
       [&api_setters](const json& value, const std::string& pointer) {
         return ApplyObject(value, pointer, api_setters);
       }},
      {"concurrency",
       [&concurrency_setters](const json& value, const std::string& pointer) {
         return ApplyObject(value, pointer, concurrency_setters);
       }},
      {"detail_reads",
       [&detail_read_setters](const json& value, const std::string& pointer) {
         return ApplyObject(value, pointer, detail_read_setters);
       }},
      {"mode", ChoiceField(mode, {"apply", "plan"})},
      {"lease",
       [](const json& value, const std::string& pointer) -> Result<void> {
         // Checked here so `validate` and a reload refuse a bad lease; the daemon reads it with
         // LoadLeaseSettings.
         if (auto lease = ParseLeaseSettings(value, pointer); !lease) return lease.error();
         return {};
       }},
      {"max_deletions_per_cycle", IntField(settings.max_deletions_per_cycle, 0, 100000)},
      {"log_level", ChoiceField(settings.log_level, {"trace", "debug", "info", "warn", "error"})},
      {"pace_requests",
       [&settings](const json& value, const std::string& pointer) -> Result<void> {
         if (!value.is_boolean()) return KeyError(pointer, "must be true or false");
         settings.pace_requests = value.get<bool>();
         return {};
       }},
  };
  if (auto applied = ApplyObject(document, "", setters); !applied) return applied.error();
  settings.mode = mode == "plan" ? Mode::kPlan : Mode::kApply;
  if (auto checked = CheckSettings(settings); !checked) return checked.error();
  return settings;
}

Result<Settings> LoadSettings(const std::string& path, bool path_was_given) {
  std::ifstream file(path);
  if (!file) {
    if (!path_was_given) return Settings{};
    return MakeError(ErrorKind::kInvalidSpec, "cannot read config file " + path);
  }
  std::stringstream text;
  text << file.rdbuf();
  auto settings = ParseSettings(text.str());
  if (!settings) {
    Error error = settings.error();
    error.message = path + ": " + error.message;
    return error;
  }
  return settings;
}

namespace {

Result<std::chrono::milliseconds> LeaseSeconds(const json& value, const std::string& pointer,
                                               double min, double max) {
  if (!value.is_number()) return KeyError(pointer, "must be a number of seconds");
  const double seconds = value.get<double>();
  if (!(seconds >= min && seconds <= max)) {
    return KeyError(pointer, "must be between " + json(min).dump() + " and " + json(max).dump() +
                                 ", got " + value.dump());
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

}  // namespace

Result<LeaseEndpoint> ParseLeaseEndpoint(const std::string& url) {
  auto wrong = [&url](const std::string& reason) {
    return MakeError(ErrorKind::kInvalidSpec, reason + ", got \"" + url + "\"");
  };
  LeaseEndpoint endpoint;
  endpoint.url = url;
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    endpoint.tls = true;
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return wrong("must start with http:// or https://");
  }
  if (rest.ends_with("/")) rest.remove_suffix(1);
  if (rest.find_first_of("/?#@") != std::string_view::npos) {
    return wrong("must be scheme://host[:port], without path, query or user");
  }
  std::string_view host = rest;
  std::string_view port;
  bool port_given = false;
  if (rest.starts_with("[")) {  // [IPv6]:port
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return wrong("has an IPv6 address without its ]");
    host = rest.substr(0, close + 1);
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) return wrong("has text after the IPv6 address");
    port_given = !after.empty();
    if (port_given) port = after.substr(1);
  } else if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    port_given = true;
  }
  if (host.empty() || host == "[]") return wrong("has no host");
  endpoint.host = std::string(host);
  if (port_given) {
    unsigned number = 0;
    const auto [end, failed] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (failed != std::errc() || end != port.data() + port.size() || number < 1 || number > 65535)
      return wrong("has a port that is not 1 to 65535");
    endpoint.port = static_cast<std::uint16_t>(number);
  }
  return endpoint;
}

Result<LeaseSettings> ParseLeaseSettings(const json& value, const std::string& pointer) {
  LeaseSettings lease;
  bool margin_given = false;
  std::string endpoint;
  const std::map<std::string, Setter> setters = {
      {"store", ChoiceField(lease.store, {"dynamodb", "etcd"})},
      {"table", StringField(lease.table)},
      {"region", StringField(lease.region)},
      {"endpoint", StringField(endpoint)},
      {"prefix", StringField(lease.prefix)},
      {"holder", StringField(lease.holder)},
      {"ttl_seconds",
       [&lease](const json& member, const std::string& at) -> Result<void> {
         auto ttl = LeaseSeconds(member, at, 1, 3600);
         if (!ttl) return ttl.error();
         lease.ttl = *ttl;
         return {};
       }},
      {"safety_margin_seconds",
       [&lease, &margin_given](const json& member, const std::string& at) -> Result<void> {
         auto margin = LeaseSeconds(member, at, 0, 3600);
         if (!margin) return margin.error();
         lease.safety_margin = *margin;
         margin_given = true;
         return {};
       }},
  };
  if (auto applied = ApplyObject(value, pointer, setters); !applied) return applied.error();
  if (lease.store.empty()) {
    return KeyError(pointer + "/store", "is required (\"dynamodb\" or \"etcd\")");
  }
  // A key of the other store is a mistake worth naming, not something to ignore.
  const char* const other_keys[] = {"table", "region", "endpoint", "prefix"};
  for (const std::string key : other_keys) {
    const bool dynamodb_key = key == "table" || key == "region";
    if (value.contains(key) && dynamodb_key != (lease.store == "dynamodb")) {
      return KeyError(pointer + "/" + key,
                      "is only for store " + std::string(dynamodb_key ? "dynamodb" : "etcd"));
    }
  }
  if (lease.store == "dynamodb") {
    if (lease.table.empty()) return KeyError(pointer + "/table", "is required for dynamodb");
    if (!lease.region.empty() && !IsRegionName(lease.region)) {
      return KeyError(pointer + "/region", "\"" + lease.region + "\" is not an AWS region name");
    }
  } else {
    if (endpoint.empty()) {
      return KeyError(pointer + "/endpoint",
                      "is required for etcd (a member's client URL, e.g. http://127.0.0.1:2379)");
    }
    auto parsed = ParseLeaseEndpoint(endpoint);
    if (!parsed) return KeyError(pointer + "/endpoint", parsed.error().message);
    lease.endpoint = std::move(*parsed);
  }
  // A third by default: renewed every third of the TTL, the holder has two tries in hand.
  if (!margin_given) lease.safety_margin = lease.ttl / 3;
  if (lease.safety_margin * 2 > lease.ttl) {
    return KeyError(pointer + "/safety_margin_seconds",
                    "must be at most half of ttl_seconds, or little is left to write in");
  }
  return lease;
}

Result<LeaseSettings> LoadLeaseSettings(const std::string& path, bool path_was_given) {
  std::ifstream file(path);
  if (!file) {
    if (!path_was_given) return LeaseSettings{};
    return MakeError(ErrorKind::kInvalidSpec, "cannot read config file " + path);
  }
  std::stringstream text;
  text << file.rdbuf();
  json document = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("lease")) return LeaseSettings{};
  auto lease = ParseLeaseSettings(document["lease"], "/lease");
  if (!lease) {
    Error error = lease.error();
    error.message = path + ": " + error.message;
    return error;
  }
  return lease;
}

}  // namespace awsr::config
