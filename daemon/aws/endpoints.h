// Where each AWS service lives: standard host names per service and region, and the overrides
// (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the daemon's settings). Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "daemon/aws/environment.h"
#include "daemon/base/error.h"

namespace awsr::aws {

// The daemon fills this from its settings file.
struct EndpointSettings {
  std::string endpoint_url;                         // every service, e.g. "http://127.0.0.1:4566"
  std::map<std::string, std::string> service_urls;  // by signing name ("ec2", "s3", ...)
  bool s3_force_path_style = false;
};

struct Endpoint {
  bool tls = true;
  std::string host;
  uint16_t port = 443;
  std::string base_path;       // path prefix from an override URL, without a trailing '/'
  std::string signing_region;  // global services sign for one region whatever the caller's
  bool overridden = false;     // came from an override rather than the standard table

  // "host" or "host:port" when the port is not the scheme's default.
  std::string HostHeader() const;
  std::string Url() const;
};

// Precedence, as the AWS SDKs: AWS_ENDPOINT_URL_<SERVICE>, settings.service_urls[service],
// AWS_ENDPOINT_URL, settings.endpoint_url, then the standard host name. Plain http:// is refused
// unless the host is loopback (127.0.0.0/8, ::1, localhost), where tests reach the fake.
Result<Endpoint> ResolveEndpoint(std::string_view service, std::string_view region,
                                 const EndpointSettings& settings, const Environment& env);

// Parses an override URL and applies the loopback rule (unless allow_plain_http: the
// instance metadata service is plain http on a link-local address).
Result<Endpoint> ParseEndpointUrl(std::string_view url, bool allow_plain_http = false);
bool IsLoopbackHost(std::string_view host);

// The environment suffix for a signing name: "secretsmanager" -> "SECRETS_MANAGER".
std::string ServiceEnvName(std::string_view service);

// S3 addressing: virtual-hosted ("bucket.s3.region...") when the bucket name allows it and the
// endpoint is standard, else path style ("/bucket" prefix).
struct S3Address {
  std::string host_header;
  std::string path_prefix;  // "" or "/bucket"
  bool virtual_host = false;
};
S3Address AddressS3Bucket(const Endpoint& endpoint, std::string_view bucket, bool force_path_style);

}  // namespace awsr::aws
