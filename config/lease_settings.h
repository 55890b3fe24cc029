// The `lease` key of config.json (docs/high-availability.md): daemons with the same owner share
// one lease; only its holder writes to AWS, the others plan. Without it a daemon always writes.
//
// Parsed apart from Settings (its parser lives in settings.cc): ParseSettings checks the key, and
// the daemon reads it with LoadLeaseSettings at start and on reload.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/base/error.h"

namespace awsr::config {

// Where an etcd member's client URL points: http(s)://host[:port].
struct LeaseEndpoint {
  std::string url;  // as written in the config, for messages and the status
  bool tls = false;
  std::string host;  // a name, an IPv4 address or a bracketed IPv6 one
  std::uint16_t port = 2379;
};

struct LeaseSettings {
  std::string store;  // "" (no lease), "dynamodb" or "etcd"
  // dynamodb
  std::string table;   // DynamoDB table whose partition key is the string attribute "owner"
  std::string region;  // the table's region; empty: the daemon's region
  // etcd
  LeaseEndpoint endpoint;
  std::string prefix = "awsreconciled/leases/";  // the owner's key is prefix + owner
  std::chrono::milliseconds ttl = std::chrono::seconds(30);
  // Writes stop this long before the lease would expire: room for clock drift between hosts and
  // for a request already on its way. Default: a third of the TTL.
  std::chrono::milliseconds safety_margin = std::chrono::seconds(10);
  std::string holder;  // this daemon's holder id; empty: host, pid and a random suffix
  bool enabled() const { return !store.empty(); }
};

// Reads the object at `pointer` (config.json's "lease"); errors name the key and the reason.
Result<LeaseSettings> ParseLeaseSettings(const nlohmann::json& value, const std::string& pointer);

// "http://127.0.0.1:2379" → {false, "127.0.0.1", 2379}; errors say what is wrong with it.
Result<LeaseEndpoint> ParseLeaseEndpoint(const std::string& url);

// The lease settings of a config file LoadSettings accepted; no "lease" key: no lease.
Result<LeaseSettings> LoadLeaseSettings(const std::string& path, bool path_was_given);

}  // namespace awsr::config
