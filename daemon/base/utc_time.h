// Turning a broken-down UTC time read from outside (a file, an AWS answer) into a time point.
#pragma once

#include <chrono>
#include <ctime>
#include <optional>

namespace awsr {

// nullopt unless every field is in range and the year is within 1970..2200: the system clock
// counts nanoseconds, and years far out would overflow it. `tm` counts as std::tm does (years
// since 1900, months from 0).
std::optional<std::chrono::system_clock::time_point> TimeFromUtc(const std::tm& tm);

}  // namespace awsr
