#include "daemon/aws/sigv4.h"

#include <algorithm>
#include <ctime>

#include "daemon/aws/uri_encoding.h"
#include "daemon/base/ascii.h"
#include "daemon/base/crypto.h"

namespace awsr::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Headers that proxies or the transport may rewrite, so signing them would break requests.
bool IsUnsignedHeader(std::string_view lower_name) {
  return lower_name == "authorization" || lower_name == "user-agent" || lower_name == "expect" ||
         lower_name == "x-amzn-trace-id";
}

// Trims the value and folds every run of whitespace (including line breaks) into one space.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;  // "name:value\n" per header
  std::string names;  // "a;b;c"
};

CanonicalHeaders BuildCanonicalHeaders(const std::vector<NameValue>& headers) {
  std::vector<NameValue> lowered;
  lowered.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    std::string lower = AsciiLower(name);
    if (IsUnsignedHeader(lower)) continue;
    lowered.emplace_back(std::move(lower), CanonicalHeaderValue(value));
  }
  // Stable: repeated headers keep the order in which they were sent.
  std::stable_sort(lowered.begin(), lowered.end(),
                   [](const NameValue& a, const NameValue& b) { return a.first < b.first; });
  CanonicalHeaders out;
  for (size_t i = 0; i < lowered.size(); ++i) {
    if (i > 0 && lowered[i].first == lowered[i - 1].first) {
      out.block.back() = ',';
      out.block += lowered[i].second + "\n";
      continue;
    }
    if (!out.names.empty()) out.names.push_back(';');
    out.names += lowered[i].first;
    out.block += lowered[i].first + ":" + lowered[i].second + "\n";
  }
  return out;
}

std::string CanonicalQuery(const std::vector<NameValue>& query) {
  std::vector<NameValue> encoded;
  encoded.reserve(query.size());
  for (const auto& [key, value] : query) encoded.emplace_back(UriEncode(key), UriEncode(value));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [key, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += key + "=" + value;
  }
  return out;
}

std::string PayloadHash(const HttpRequest& request, const SigningParams& params) {
  return params.payload_hash.empty() ? Sha256Hex(request.body) : params.payload_hash;
}

std::string Scope(const SigningParams& params, std::string_view amz_date) {
  return std::string(amz_date.substr(0, 8)) + "/" + params.region + "/" + params.service +
         "/aws4_request";
}

// Computes every stage from a request whose headers and query are final.
Signature Compute(const HttpRequest& request, const Credentials& credentials,
                  const SigningParams& params, std::string_view amz_date,
                  std::string_view payload_hash) {
  CanonicalHeaders headers = BuildCanonicalHeaders(request.headers);
  Signature out;
  out.signed_headers = headers.names;
  out.canonical_request =
      request.method + "\n" +
      CanonicalUri(request.path, params.normalize_path, params.double_encode_path) + "\n" +
      CanonicalQuery(request.query) + "\n" + headers.block + "\n" + headers.names + "\n" +
      std::string(payload_hash);
  std::string scope = Scope(params, amz_date);
  out.string_to_sign = std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" + scope +
                       "\n" + Sha256Hex(out.canonical_request);
  Digest key = HmacSha256("AWS4" + credentials.secret_access_key, amz_date.substr(0, 8));
  key = HmacSha256(AsView(key), params.region);
  key = HmacSha256(AsView(key), params.service);
  key = HmacSha256(AsView(key), "aws4_request");
  out.signature = HexEncode(HmacSha256(AsView(key), out.string_to_sign));
  return out;
}

}  // namespace

std::string FormatAmzDate(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[17];
  std::strftime(buffer, sizeof(buffer), "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

std::string CanonicalUri(std::string_view path, bool normalize, bool double_encode) {
  std::string result;
  if (!normalize) {
    result = path.empty() ? "/" : std::string(path);
  } else {
    std::vector<std::string_view> segments;
    size_t start = 0;
    while (start <= path.size()) {
      size_t slash = path.find('/', start);
      if (slash == std::string_view::npos) slash = path.size();
      std::string_view segment = path.substr(start, slash - start);
      if (segment == "..") {
        if (!segments.empty()) segments.pop_back();
      } else if (!segment.empty() && segment != ".") {
        segments.push_back(segment);
      }
      start = slash + 1;
    }
    result = "/";
    for (size_t i = 0; i < segments.size(); ++i) {
      if (i > 0) result.push_back('/');
      result += segments[i];
    }
    bool trailing_slash = path.size() > 1 && path.back() == '/';
    if (trailing_slash && !segments.empty()) result.push_back('/');
  }
  return double_encode ? UriEncode(result, /*keep_slash=*/true) : result;
}

Signature SignRequest(HttpRequest& request, const Credentials& credentials,
                      const SigningParams& params) {
  std::string amz_date = FormatAmzDate(params.time);
  request.SetHeader("X-Amz-Date", amz_date);
  bool has_token = !credentials.session_token.empty();
  if (has_token && params.sign_session_token) {
    request.SetHeader("X-Amz-Security-Token", credentials.session_token);
  }
  std::string payload_hash = PayloadHash(request, params);
  if (params.add_content_sha256_header) request.SetHeader("x-amz-content-sha256", payload_hash);

  Signature signature = Compute(request, credentials, params, amz_date, payload_hash);
  request.SetHeader("Authorization",
                    std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                        Scope(params, amz_date) + ", SignedHeaders=" + signature.signed_headers +
                        ", Signature=" + signature.signature);
  if (has_token && !params.sign_session_token) {
    request.SetHeader("X-Amz-Security-Token", credentials.session_token);
  }
  return signature;
}

Signature PresignRequest(HttpRequest& request, const Credentials& credentials,
                         const SigningParams& params, std::chrono::seconds expires) {
  std::string amz_date = FormatAmzDate(params.time);
  CanonicalHeaders headers = BuildCanonicalHeaders(request.headers);
  request.query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  request.query.emplace_back("X-Amz-Credential",
                             credentials.access_key_id + "/" + Scope(params, amz_date));
  request.query.emplace_back("X-Amz-Date", amz_date);
  request.query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
  request.query.emplace_back("X-Amz-SignedHeaders", headers.names);
  bool has_token = !credentials.session_token.empty();
  if (has_token && params.sign_session_token) {
    request.query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  Signature signature =
      Compute(request, credentials, params, amz_date, PayloadHash(request, params));
  if (has_token && !params.sign_session_token) {
    request.query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  request.query.emplace_back("X-Amz-Signature", signature.signature);
  return signature;
}

}  // namespace awsr::aws
