#include "daemon/aws/endpoints.h"

#include <algorithm>
#include <arpa/inet.h>
#include <boost/url/parse.hpp>
#include <cctype>

namespace awsr::aws {
namespace {

struct ServiceShape {
  std::string_view signing_name;
  std::string_view host_prefix;    // first label(s) of the host name
  std::string_view global_region;  // non-empty: one endpoint for every region, signed for this
  std::string_view env_name;       // AWS_ENDPOINT_URL_<env_name>
};

// Only services whose host or environment name differs from the signing name are listed.
constexpr ServiceShape kServiceShapes[] = {
    {"iam", "iam", "us-east-1", "IAM"},
    {"route53", "route53", "us-east-1", "ROUTE_53"},
    {"cloudfront", "cloudfront", "us-east-1", "CLOUDFRONT"},
    {"ecr", "api.ecr", "", "ECR"},
    {"secretsmanager", "secretsmanager", "", "SECRETS_MANAGER"},
    {"elasticloadbalancing", "elasticloadbalancing", "", "ELASTIC_LOAD_BALANCING_V2"},
    {"monitoring", "monitoring", "", "CLOUDWATCH"},
    {"logs", "logs", "", "CLOUDWATCH_LOGS"},
};

const ServiceShape* FindShape(std::string_view service) {
  for (const auto& shape : kServiceShapes) {
    if (shape.signing_name == service) return &shape;
  }
  return nullptr;
}

std::string DnsSuffix(std::string_view region) {
  return region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

Error InvalidEndpoint(std::string message) {
  return MakeError(ErrorKind::kInvalidSpec, std::move(message));
}

bool IsDnsCompatibleBucket(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  // Dots break TLS wildcard matching, so such buckets are addressed by path.
  return std::all_of(bucket.begin(), bucket.end(), [](char c) {
           return std::islower(static_cast<unsigned char>(c)) ||
                  std::isdigit(static_cast<unsigned char>(c)) || c == '-';
         }) &&
         bucket.front() != '-' && bucket.back() != '-';
}

}  // namespace

std::string Endpoint::HostHeader() const {
  uint16_t default_port = tls ? 443 : 80;
  std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return port == default_port ? bracketed : bracketed + ":" + std::to_string(port);
}

std::string Endpoint::Url() const {
  return std::string(tls ? "https://" : "http://") + HostHeader() + base_path;
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr address{};
  std::string text(host);
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) return false;
  return (ntohl(address.s_addr) >> 24) == 127;
}

std::string ServiceEnvName(std::string_view service) {
  if (const ServiceShape* shape = FindShape(service)) return std::string(shape->env_name);
  std::string out(service);
  for (char& c : out) c = c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

Result<Endpoint> ParseEndpointUrl(std::string_view url, bool allow_plain_http) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return InvalidEndpoint("endpoint URL is not an absolute URL: " + std::string(url));
  Endpoint endpoint;
  endpoint.overridden = true;
  std::string scheme(parsed->scheme());
  if (scheme != "https" && scheme != "http") {
    return InvalidEndpoint("endpoint URL scheme must be https or http: " + std::string(url));
  }
  endpoint.tls = scheme == "https";
  endpoint.host = std::string(parsed->encoded_host_address());
  if (endpoint.host.size() > 2 && endpoint.host.front() == '[') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  if (endpoint.host.empty()) return InvalidEndpoint("endpoint URL has no host: " + std::string(url));
  endpoint.port = parsed->has_port() ? parsed->port_number() : (endpoint.tls ? 443 : 80);
  endpoint.base_path = std::string(parsed->encoded_path());
  while (!endpoint.base_path.empty() && endpoint.base_path.back() == '/') {
    endpoint.base_path.pop_back();
  }
  if (!endpoint.tls && !allow_plain_http && !IsLoopbackHost(endpoint.host)) {
    return InvalidEndpoint("plain http:// is allowed only for loopback endpoints: " +
                           std::string(url));
  }
  return endpoint;
}

Result<Endpoint> ResolveEndpoint(std::string_view service, std::string_view region,
                                 const EndpointSettings& settings, const Environment& env) {
  if (region.empty()) return InvalidEndpoint("no AWS region configured for " + std::string(service));
  const ServiceShape* shape = FindShape(service);
  std::string signing_region = shape != nullptr && !shape->global_region.empty()
                                   ? std::string(shape->global_region)
                                   : std::string(region);

  std::optional<std::string> override_url = env.Get("AWS_ENDPOINT_URL_" + ServiceEnvName(service));
  if (!override_url) {
    auto it = settings.service_urls.find(std::string(service));
    if (it != settings.service_urls.end() && !it->second.empty()) override_url = it->second;
  }
  if (!override_url) override_url = env.Get("AWS_ENDPOINT_URL");
  if (!override_url && !settings.endpoint_url.empty()) override_url = settings.endpoint_url;
  if (override_url) {
    auto endpoint = ParseEndpointUrl(*override_url);
    if (endpoint) endpoint->signing_region = signing_region;
    return endpoint;
  }

  Endpoint endpoint;
  endpoint.signing_region = signing_region;
  std::string prefix = shape != nullptr ? std::string(shape->host_prefix) : std::string(service);
  bool global = shape != nullptr && !shape->global_region.empty();
  endpoint.host = global ? prefix + "." + DnsSuffix(region)
                         : prefix + "." + std::string(region) + "." + DnsSuffix(region);
  return endpoint;
}

S3Address AddressS3Bucket(const Endpoint& endpoint, std::string_view bucket,
                          bool force_path_style) {
  S3Address address;
  bool virtual_host = !bucket.empty() && !force_path_style && !endpoint.overridden &&
                      IsDnsCompatibleBucket(bucket);
  address.virtual_host = virtual_host;
  if (virtual_host) {
    address.host_header = std::string(bucket) + "." + endpoint.HostHeader();
  } else {
    address.host_header = endpoint.HostHeader();
    if (!bucket.empty()) address.path_prefix = "/" + std::string(bucket);
  }
  return address;
}

}  // namespace awsr::aws
