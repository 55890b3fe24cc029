// Errors as values: every fallible call across a module boundary returns Result<T>.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace awsr {

// What a caller can do about an error; AWS error codes are mapped to a kind in one place
// (daemon/aws/error_classifier).
enum class ErrorKind {
  kNotFound,
  kThrottled,
  kTransient,     // network failure, timeout, 5xx: retry with backoff
  kConflict,      // exists already, dependency violation, wrong state
  kInvalidSpec,   // the desired state is wrong: do not retry until the file changes
  kAccessDenied,  // credentials or permissions: do not retry until something changes
  kInternal,
};

std::string_view ToString(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  std::string aws_code;    // e.g. "InvalidGroup.Duplicate"; empty when not from AWS
  int http_status = 0;     // 0 when no HTTP response was received
  std::string request_id;  // AWS request id, for support cases
  std::string service;     // AWS signing name, e.g. "ec2"; empty when not from AWS
  std::string context;     // what we were doing, e.g. "ec2:CreateSecurityGroup web-sg"

  // One line for logs and the API: kind, code, message, context and request id.
  std::string Describe() const;
  bool Retryable() const { return kind == ErrorKind::kThrottled || kind == ErrorKind::kTransient; }
};

Error MakeError(ErrorKind kind, std::string message);

template <typename T>
using Result = boost::system::result<T, Error>;

// Thrown only by Result<T>::value() on an error, which is a broken invariant in our code.
class ErrorException : public std::runtime_error {
 public:
  explicit ErrorException(Error error)
      : std::runtime_error(error.Describe()), error_(std::move(error)) {}
  const Error& error() const { return error_; }

 private:
  Error error_;
};

[[noreturn]] void throw_exception_from_error(const Error& error,
                                             const boost::source_location& location);

}  // namespace awsr
