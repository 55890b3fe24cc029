// Result<nlohmann::json> needs the value wrapped explicitly: json converts from almost
// anything, so boost::system::result cannot pick the value or the error side on its own.
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/base/error.h"

namespace awsr::aws {

inline Result<nlohmann::json> JsonValue(nlohmann::json value) {
  return Result<nlohmann::json>(boost::system::in_place_value, std::move(value));
}

inline Result<nlohmann::json> JsonError(Error error) {
  return Result<nlohmann::json>(boost::system::in_place_error, std::move(error));
}

}  // namespace awsr::aws
