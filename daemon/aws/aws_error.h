// Turning an AWS error response into an Error: parsing each protocol's error shape, then
// classifying the code. The classification table lives here and nowhere else.
#pragma once

#include <string>
#include <string_view>

#include "daemon/aws/http_message.h"
#include "daemon/aws/protocol.h"
#include "daemon/base/error.h"

namespace awsr::aws {

struct AwsErrorDetails {
  std::string code;  // "NoSuchEntity"; for JSON shapes the part after '#' and before ':'
  std::string message;
  std::string request_id;
};

// Reads the code, message and request id from an error response of any protocol. When the
// body says nothing (HEAD, empty 5xx), the code is derived from the status.
AwsErrorDetails ParseAwsError(Protocol protocol, const HttpResponse& response);

// The one place AWS codes become kinds: throttling, transient, not found, conflict, access
// denied, invalid spec; unknown 4xx are kInvalidSpec, unknown 5xx kTransient.
ErrorKind ClassifyAwsError(std::string_view code, int http_status);
bool IsThrottlingCode(std::string_view code);

// A complete Error for a failed call; context is "service:Operation".
Error MakeAwsError(Protocol protocol, const HttpResponse& response, std::string_view service,
                   std::string_view operation);

// The request id of any response, from whichever header the service uses.
std::string RequestIdOf(const HttpResponse& response);

}  // namespace awsr::aws
