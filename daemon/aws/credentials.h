// Credentials and the provider interface every credential source implements.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "daemon/base/error.h"

namespace awsr::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  // Set for temporary credentials; they are refreshed a few minutes before this.
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // which source produced them, e.g. "environment"; never secret
};

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  // Valid credentials, fetching or refreshing them when needed. Never blocks the loop; every
  // network fetch has a deadline. Errors are kAccessDenied (nothing configured or refused) or
  // kTransient (the source could not be reached).
  virtual boost::asio::awaitable<Result<Credentials>> Get() = 0;
  // Which source currently supplies credentials, for /v1/status; "" before the first Get().
  virtual std::string Source() const = 0;
  // AWS refused the credentials Get() gave as expired or unknown: the next Get() fetches (or
  // reads) them again instead of answering from its cache.
  virtual void Invalidate() {}
};

}  // namespace awsr::aws
