// AWS rejections that say nothing about the request itself, only about how it was signed: a
// clock too far from AWS's, or temporary credentials that expired early (revoked, or our clock
// is late). Such a request was never looked at, so sending it again is safe whatever it does.
// Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace awsr::aws {

// Codes AWS answers when the signing time is too far from its own (EC2 RequestExpired, S3
// RequestTimeTooSkewed, "Signature expired" in the others).
bool IsClockSkewCode(std::string_view code);
// Codes AWS answers for expired or no longer valid temporary credentials.
bool IsExpiredCredentialsCode(std::string_view code);

// An HTTP Date header ("Tue, 15 Nov 1994 08:12:31 GMT", RFC 9110's IMF-fixdate).
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text);

// The correction to add to the local clock when signing, from a rejected response's Date; none
// when the Date is missing or within `tolerance` of the corrected local time (then the
// rejection is about something else, such as a wrong secret key).
std::optional<std::chrono::milliseconds> ClockCorrection(
    std::string_view date_header, std::chrono::system_clock::time_point local_now,
    std::chrono::milliseconds current_correction,
    std::chrono::seconds tolerance = std::chrono::seconds(60));

}  // namespace awsr::aws
