// The daemon's own settings (config.json): every key has a default, and every mistake is an error
// that names the key, never a silent fallback.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/error.h"

namespace awsr::config {

enum class Mode { kApply, kPlan };

struct ApiSettings {
  std::string unix_socket = "/run/awsreconciled/api.sock";  // empty: no unix socket
  std::string tcp;         // "127.0.0.1:8080" or "[::1]:8080"; empty: no TCP listener
  std::string token_file;  // bearer token for writes over TCP; empty: TCP is read-only
};

struct ConcurrencySettings {
  int global = 16;      // AWS writes in flight at once, over all services
  int per_service = 4;  // ... and per AWS service
};

// Per-resource reads of settings AWS reveals one resource at a time (S3 bucket settings, ECR
// repository tags): how many a cycle makes at most, beyond those a file change or a write
// needs at once (daemon/engine/detail_reads.h).
struct DetailReadSettings {
  int per_cycle = 200;    // over every service
  int per_service = 100;  // per AWS service
};

struct Settings {
  std::string region = "us-east-1";
  std::string profile;       // AWS shared-config profile; empty: AWS_PROFILE or "default"
  std::string endpoint_url;  // one endpoint for every service, e.g. the local test double
  std::map<std::string, std::string> service_endpoints;  // per service, wins over endpoint_url
  std::string owner = "awsreconciled";  // tag value that marks what this daemon owns
  std::string desired_dir = "/etc/awsreconciled/desired.d";
  std::string state_dir = "/var/lib/awsreconciled";
  std::chrono::milliseconds poll_interval = std::chrono::minutes(5);
  // How long an unnamed resource's create that AWS does not list yet is waited for before it is
  // sent again (AWS's reads are eventually consistent; such a create has no name to collide on).
  std::chrono::milliseconds consistency_grace = std::chrono::minutes(1);
  ApiSettings api;
  ConcurrencySettings concurrency;
  DetailReadSettings detail_reads;
  Mode mode = Mode::kApply;
  int max_deletions_per_cycle = 10;
  std::string log_level = "info";
  // Wait for AWS's published request buckets instead of being throttled (docs/aws-client.md).
  bool pace_requests = true;
};

inline constexpr std::string_view kDefaultConfigPath = "/etc/awsreconciled/config.json";

// Parses config.json text. Errors name the key (as a JSON pointer) and the reason.
Result<Settings> ParseSettings(std::string_view text);

// Reads and parses a config file. A missing file at the default path means all defaults; a
// missing file that was asked for explicitly is an error.
Result<Settings> LoadSettings(const std::string& path, bool path_was_given);

// Parses "90", "30s", "5m", "1h", "250ms" into a duration; used for poll_interval and
// consistency_grace.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

std::string_view ToString(Mode mode);

}  // namespace awsr::config
