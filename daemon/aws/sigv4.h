// AWS Signature Version 4: canonical request, string to sign, signing key, and the two ways to
// attach a signature (Authorization header, or presigned query string). Pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "daemon/aws/credentials.h"
#include "daemon/aws/http_message.h"

namespace awsr::aws {

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

struct SigningParams {
  std::string region;
  std::string service;  // signing name: "ec2", "iam", "s3", ...
  std::chrono::system_clock::time_point time;
  // S3 signs the path as sent: no dot-segment removal and no second round of encoding.
  bool normalize_path = true;
  bool double_encode_path = true;
  // Some services want the session token outside the signature (added after signing).
  bool sign_session_token = true;
  // S3 requires x-amz-content-sha256 on every request.
  bool add_content_sha256_header = false;
  // Overrides the body hash, e.g. kUnsignedPayload; empty means SHA-256 of the body.
  std::string payload_hash;
};

// The intermediate values are returned so tests can compare each stage.
struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;
  std::string signature;  // hex
};

// Adds X-Amz-Date, X-Amz-Security-Token (when the credentials have one), optionally
// x-amz-content-sha256, then Authorization. The request must already carry its Host header.
Signature SignRequest(HttpRequest& request, const Credentials& credentials,
                      const SigningParams& params);

// Adds the X-Amz-Algorithm/Credential/Date/Expires/SignedHeaders/Signature query parameters.
Signature PresignRequest(HttpRequest& request, const Credentials& credentials,
                         const SigningParams& params, std::chrono::seconds expires);

// Exposed for tests and for the endpoint of the signature computation.
std::string CanonicalUri(std::string_view path, bool normalize, bool double_encode);
std::string FormatAmzDate(std::chrono::system_clock::time_point time);  // 20150830T123600Z

}  // namespace awsr::aws
