// The `lease` key of config.json (docs/high-availability.md): daemons with the same owner share
// one lease; only its holder writes to AWS, the others plan. Without it a daemon always writes.
//
// Parsed apart from Settings (its parser lives in settings.cc): ParseSettings checks the key, and
// the daemon reads it with LoadLeaseSettings at start and on reload.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/base/error.h"

namespace awsr::config {

struct LeaseSettings {
  std::string store;   // "" (no lease) or "dynamodb"
  std::string table;   // DynamoDB table whose partition key is the string attribute "owner"
  std::string region;  // the table's region; empty: the daemon's region
  std::chrono::milliseconds ttl = std::chrono::seconds(30);
  // Writes stop this long before the lease would expire: room for clock drift between hosts and
  // for a request already on its way. Default: a third of the TTL.
  std::chrono::milliseconds safety_margin = std::chrono::seconds(10);
  std::string holder;  // this daemon's holder id; empty: host, pid and a random suffix
  bool enabled() const { return !store.empty(); }
};

// Reads the object at `pointer` (config.json's "lease"); errors name the key and the reason.
Result<LeaseSettings> ParseLeaseSettings(const nlohmann::json& value, const std::string& pointer);

// The lease settings of a config file LoadSettings accepted; no "lease" key: no lease.
Result<LeaseSettings> LoadLeaseSettings(const std::string& path, bool path_was_given);

}  // namespace awsr::config
