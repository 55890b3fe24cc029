// Plain HTTP request/response values shared by the signer, the protocol codecs and the
// transport. No I/O here: these are what the sans-I/O core produces and consumes.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/aws/uri_encoding.h"

namespace awsr::aws {

struct HttpRequest {
  std::string method = "GET";
  // The path exactly as it goes on the request line (already percent-encoded by whoever built
  // it; the signer encodes it once more for services other than S3).
  std::string path = "/";
  // Decoded query parameters, in any order; encoding happens when the target is rendered.
  std::vector<NameValue> query;
  // Header names keep their spelling; repeated names are allowed.
  std::vector<NameValue> headers;
  std::string body;
  // Whether receiving it twice is harmless (a read, a set, a create with a client token). Only
  // then may the transport send it again when a kept-alive connection fails after the request
  // went out; it never resends after a timeout, since the server may still be working on it.
  bool safe_to_resend = false;
  // Set by the write fence on a mutating request (lease/fenced_transport.h): asked once the
  // connection is open, right before the first byte is written, on every attempt. When it says
  // no, nothing is sent and the answer is WriteFencedError() (aws/write_fence.h).
  std::function<bool()> may_leave;

  // Case-insensitive lookup of the first header with this name; empty when absent.
  std::string_view Header(std::string_view name) const;
  void SetHeader(std::string name, std::string value);
  // "path?encoded-query", as written on the request line.
  std::string Target() const;
};

struct HttpResponse {
  int status = 0;
  std::vector<NameValue> headers;
  std::string body;

  std::string_view Header(std::string_view name) const;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace awsr::aws
