// What a caller asks of the AWS client and what it gets back.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "daemon/aws/http_message.h"
#include "daemon/aws/protocol.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/error.h"

namespace awsr::aws {

// Asked before retrying a non-idempotent call whose first attempt may have taken effect:
// returns the result if it did (the call then succeeds with it), nullopt to send again.
using RetryCheck = std::function<boost::asio::awaitable<Result<std::optional<nlohmann::json>>>()>;

// An RPC-style call (query, ec2, JSON). Params use the wire member names; for query/ec2 the
// client flattens lists and nested objects (see form_encoding.h).
struct CallRequest {
  CallRequest() = default;
  CallRequest(std::string service, std::string operation,
              nlohmann::json params = nlohmann::json::object())
      : service(std::move(service)), operation(std::move(operation)), params(std::move(params)) {}

  std::string service;    // signing name: "ec2", "iam", "sts", ...
  std::string region;     // empty: the client's default region
  std::string operation;  // "DescribeVpcs"
  nlohmann::json params = nlohmann::json::object();
  // Safe to send twice. Detected for Describe/List/Get/Head/Delete/Put/Tag/Untag/Modify/Set/
  // Update operations and for calls carrying a ClientToken; set it for others that are. Any
  // other call (CreateUser, AuthorizeSecurityGroupIngress, ...) is retried after an ambiguous
  // failure (5xx, reset, timeout) only when retry_check says it did not take effect.
  bool idempotent = false;
  RetryCheck retry_check;
  // Sent unsigned, as STS AssumeRoleWithWebIdentity is.
  bool anonymous = false;
  // For services outside service_catalog; empty means the catalog's value.
  std::optional<Protocol> protocol;
  std::string api_version;
  std::string target_prefix;
  // A list of the answer whose items the caller may hold already (XML protocols): its items
  // come back in AwsResponse::items, digested, converted only when not held, and not in `data`.
  std::shared_ptr<const ItemDigests> item_digests;
};

// A REST call (S3, Lambda). path is relative to the bucket for S3 and already percent-encoded
// (use UriEncode(key, true) for object keys).
struct RestRequest {
  RestRequest() = default;
  RestRequest(std::string service, std::string operation, std::string method, std::string path)
      : service(std::move(service)),
        operation(std::move(operation)),
        method(std::move(method)),
        path(std::move(path)) {}

  std::string service;  // "s3", "lambda"
  std::string region;
  std::string operation;  // for metrics, logs and errors: "PutBucketTagging"
  std::string method = "GET";
  std::string bucket;  // S3 only: addressed virtual-host or path style
  std::string path = "/";
  std::vector<NameValue> query;
  std::vector<NameValue> headers;
  std::string body;  // JSON/XML text as the operation wants it
  bool idempotent = false;
  RetryCheck retry_check;
};

struct AwsResponse {
  nlohmann::json data;  // the body as JSON, whatever the protocol; {} when empty or not XML/JSON
  std::string request_id;
  int http_status = 0;
  std::vector<NameValue> headers;  // REST callers read metadata from headers
  std::string raw_body;            // REST only: the body as received
  std::vector<DigestedItem> items;  // CallRequest::item_digests' list, in order
};

// How successive pages are chained. Empty output_token: detected from the response
// (NextToken, nextToken, Marker + IsTruncated, NextMarker).
struct PageTokens {
  std::string output_token;
  std::string input_token;
};

}  // namespace awsr::aws
