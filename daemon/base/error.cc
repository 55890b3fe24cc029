#include "daemon/base/error.h"

namespace awsr {

std::string_view ToString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNotFound:
      return "NotFound";
    case ErrorKind::kThrottled:
      return "Throttled";
    case ErrorKind::kTransient:
      return "Transient";
    case ErrorKind::kConflict:
      return "Conflict";
    case ErrorKind::kInvalidSpec:
      return "InvalidSpec";
    case ErrorKind::kAccessDenied:
      return "AccessDenied";
    case ErrorKind::kInternal:
      return "Internal";
  }
  return "Internal";
}

std::string Error::Describe() const {
  std::string out(ToString(kind));
  if (!aws_code.empty()) out += " (" + aws_code + ")";
  out += ": " + message;
  if (!context.empty()) out += " [" + context + "]";
  if (!request_id.empty()) out += " request-id=" + request_id;
  return out;
}

Error MakeError(ErrorKind kind, std::string message) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

void throw_exception_from_error(const Error& error, const boost::source_location&) {
  throw ErrorException(error);
}

}  // namespace awsr
