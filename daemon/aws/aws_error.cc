#include "daemon/aws/aws_error.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace awsr::aws {
namespace {

// From the AWS SDKs' standard retry mode.
constexpr std::array<std::string_view, 14> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException"};

// The last four: a clock or temporary credentials that time fixes (the client corrects its
// clock and refreshes credentials once per call; what is left is retried with backoff).
constexpr std::array<std::string_view, 11> kTransientCodes = {
    "RequestTimeout",        "RequestTimeoutException", "InternalError",
    "InternalFailure",       "ServiceUnavailable",      "InternalServerError",
    "IDPCommunicationError", "RequestExpired",          "RequestTimeTooSkewed",
    "ExpiredToken",          "ExpiredTokenException"};

constexpr std::array<std::string_view, 11> kAccessDeniedCodes = {"AccessDenied",
                                                                 "AccessDeniedException",
                                                                 "UnauthorizedOperation",
                                                                 "AuthFailure",
                                                                 "InvalidClientTokenId",
                                                                 "SignatureDoesNotMatch",
                                                                 "UnrecognizedClientException",
                                                                 "InvalidAccessKeyId",
                                                                 "OptInRequired",
                                                                 "Blocked",
                                                                 "IncompleteSignature"};

constexpr std::array<std::string_view, 9> kConflictCodes = {
    "DependencyViolation",     "DeleteConflict",         "IncorrectState",
    "ConflictException",       "OperationAborted",       "ResourceConflictException",
    "BucketAlreadyOwnedByYou", "IncorrectInstanceState", "ConcurrentModification"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool Contains(std::string_view code, std::string_view part) {
  return code.find(part) != std::string_view::npos;
}

bool IsNotFoundCode(std::string_view code) {
  return code.starts_with("NoSuch") || Contains(code, "NotFound") || code.ends_with(".Unknown");
}

bool IsConflictCode(std::string_view code) {
  return OneOf(kConflictCodes, code) || Contains(code, "AlreadyExists") ||
         code.ends_with(".Duplicate") || code.ends_with("Duplicate") || Contains(code, "InUse") ||
         (code.starts_with("Invalid") && code.ends_with("State"));
}

std::string StatusCode(int status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 429:
      return "TooManyRequests";
    default:
      return status >= 500 ? "ServiceUnavailable" : "Http" + std::to_string(status);
  }
}

// "aws.protocoltests#FooError:http://internal" -> "FooError".
std::string CleanJsonCode(std::string_view raw) {
  if (size_t colon = raw.find(':'); colon != std::string_view::npos) raw = raw.substr(0, colon);
  if (size_t hash = raw.rfind('#'); hash != std::string_view::npos) raw = raw.substr(hash + 1);
  return std::string(raw);
}

void ParseXmlError(std::string_view body, AwsErrorDetails& out) {
  pugi::xml_document document;
  if (!document.load_buffer(body.data(), body.size())) return;
  // query: ErrorResponse/Error; ec2: Response/Errors/Error; S3: Error.
  pugi::xml_node root = document.document_element();
  pugi::xml_node error = std::string_view(root.name()) == "Error" ? root : root.child("Error");
  if (!error) error = root.child("Errors").child("Error");
  out.code = error.child_value("Code");
  out.message = error.child_value("Message");
  for (const char* name : {"RequestId", "RequestID"}) {
    if (out.request_id.empty()) out.request_id = root.child_value(name);
    if (out.request_id.empty()) out.request_id = error.child_value(name);
  }
}

void ParseJsonError(const HttpResponse& response, AwsErrorDetails& out) {
  if (std::string_view header = response.Header("x-amzn-ErrorType"); !header.empty()) {
    out.code = CleanJsonCode(header);
  }
  auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return;
  for (const char* key : {"__type", "code", "Code"}) {
    if (out.code.empty() && body.contains(key) && body[key].is_string()) {
      out.code = CleanJsonCode(body[key].get<std::string>());
    }
  }
  for (const char* key : {"message", "Message", "errorMessage"}) {
    if (out.message.empty() && body.contains(key) && body[key].is_string()) {
      out.message = body[key].get<std::string>();
    }
  }
}

// The text between `tag` and the next '<' in `xml`, "" when `tag` or the end is not there.
std::string ElementText(std::string_view xml, std::string_view tag) {
  std::size_t start = xml.find(tag);
  if (start == std::string_view::npos) return {};
  start += tag.size();
  const std::size_t end = xml.find('<', start);
  if (end == std::string_view::npos) return {};
  return std::string(xml.substr(start, end - start));
}

}  // namespace

std::string_view ToString(Protocol protocol) {
  switch (protocol) {
    case Protocol::kQuery:
      return "query";
    case Protocol::kEc2:
      return "ec2";
    case Protocol::kJson10:
      return "json1.0";
    case Protocol::kJson11:
      return "json1.1";
    case Protocol::kRestXml:
      return "rest-xml";
    case Protocol::kRestJson:
      return "rest-json";
  }
  return "unknown";
}

std::string RequestIdOf(const HttpResponse& response) {
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id"}) {
    if (std::string_view id = response.Header(name); !id.empty()) return std::string(id);
  }
  // Query and ec2 put it only in the body: <RequestId> in ResponseMetadata, or <requestId>.
  // EC2 writes it first and the query protocol last, so both ends are looked at before the
  // whole body: a describe page is megabytes, and every answer is asked (issue #16).
  const std::string_view body = response.body;
  constexpr std::size_t kEnd = 512;
  const std::size_t tail_start = body.size() > kEnd ? body.size() - kEnd : 0;
  for (std::string_view part : {body.substr(0, kEnd), body.substr(tail_start), body}) {
    for (std::string_view tag : {"<RequestId>", "<requestId>", "<RequestID>"}) {
      if (std::string id = ElementText(part, tag); !id.empty()) return id;
    }
  }
  return {};
}

AwsErrorDetails ParseAwsError(Protocol protocol, const HttpResponse& response) {
  AwsErrorDetails out;
  if (!response.body.empty()) {
    if (IsXmlProtocol(protocol)) {
      ParseXmlError(response.body, out);
    } else {
      ParseJsonError(response, out);
    }
  } else if (!IsXmlProtocol(protocol)) {
    ParseJsonError(response, out);
  }
  if (out.request_id.empty()) out.request_id = RequestIdOf(response);
  if (out.code.empty()) out.code = StatusCode(response.status);
  if (out.message.empty()) out.message = "HTTP " + std::to_string(response.status);
  return out;
}

bool IsThrottlingCode(std::string_view code) { return OneOf(kThrottlingCodes, code); }

ErrorKind ClassifyAwsError(std::string_view code, int http_status) {
  if (IsThrottlingCode(code) || http_status == 429) return ErrorKind::kThrottled;
  if (OneOf(kTransientCodes, code)) return ErrorKind::kTransient;
  if (OneOf(kAccessDeniedCodes, code)) return ErrorKind::kAccessDenied;
  if (IsNotFoundCode(code)) return ErrorKind::kNotFound;
  if (IsConflictCode(code)) return ErrorKind::kConflict;
  if (http_status >= 500) return ErrorKind::kTransient;
  if (http_status == 401 || http_status == 403) return ErrorKind::kAccessDenied;
  if (http_status == 404) return ErrorKind::kNotFound;
  if (http_status == 409) return ErrorKind::kConflict;
  if (http_status >= 400) return ErrorKind::kInvalidSpec;
  return ErrorKind::kInternal;
}

Error MakeAwsError(Protocol protocol, const HttpResponse& response, std::string_view service,
                   std::string_view operation) {
  AwsErrorDetails details = ParseAwsError(protocol, response);
  Error error = MakeError(ClassifyAwsError(details.code, response.status), details.message);
  error.aws_code = details.code;
  error.http_status = response.status;
  error.request_id = details.request_id;
  error.service = std::string(service);
  error.context = std::string(service) + ":" + std::string(operation);
  return error;
}

}  // namespace awsr::aws
