// A provider that always returns the same credentials: keys from the environment, files or a
// profile, the source credentials of an AssumeRole, and tests.
#pragma once

#include "daemon/aws/credentials.h"

namespace awsr::aws {

class StaticCredentialProvider : public CredentialProvider {
 public:
  explicit StaticCredentialProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  boost::asio::awaitable<Result<Credentials>> Get() override { co_return credentials_; }
  std::string Source() const override { return credentials_.source; }

 private:
  Credentials credentials_;
};

}  // namespace awsr::aws
