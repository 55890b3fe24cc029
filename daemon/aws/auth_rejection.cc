#include "daemon/aws/auth_rejection.h"

#include <time.h>

#include <array>
#include <string>

#include "daemon/base/utc_time.h"

namespace awsr::aws {

bool IsClockSkewCode(std::string_view code) {
  constexpr std::array<std::string_view, 6> kCodes = {
      "RequestExpired",        "RequestTimeTooSkewed",
      "RequestInTheFuture",    "InvalidSignatureException",
      "SignatureDoesNotMatch", "AuthFailure"};
  for (std::string_view known : kCodes) {
    if (code == known) return true;
  }
  return false;
}

bool IsExpiredCredentialsCode(std::string_view code) {
  return code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired" ||
         code == "InvalidClientTokenId" || code == "UnrecognizedClientException";
}

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
  std::tm tm{};
  const std::string copy(text);
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return TimeFromUtc(tm);
}

std::optional<std::chrono::milliseconds> ClockCorrection(
    std::string_view date_header, std::chrono::system_clock::time_point local_now,
    std::chrono::milliseconds current_correction, std::chrono::seconds tolerance) {
  const auto server_now = ParseHttpDate(date_header);
  if (!server_now) return std::nullopt;
  const auto correction =
      std::chrono::duration_cast<std::chrono::milliseconds>(*server_now - local_now);
  const auto change = correction - current_correction;
  if (change < tolerance && change > -tolerance) return std::nullopt;
  return correction;
}

}  // namespace awsr::aws
