// Caches temporary credentials and refreshes them shortly before they expire: one fetch at a
// time, however many calls wait for it.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "daemon/aws/credentials.h"

namespace awsr::aws {

class RefreshingCredentialProvider : public CredentialProvider {
 public:
  using Fetch = std::function<boost::asio::awaitable<Result<Credentials>>()>;
  using WallClock = std::function<std::chrono::system_clock::time_point()>;

  // Refreshes when less than `margin` is left before expiration.
  RefreshingCredentialProvider(boost::asio::any_io_executor executor, std::string source,
                               Fetch fetch, WallClock clock = nullptr,
                               std::chrono::seconds margin = std::chrono::minutes(5));

  boost::asio::awaitable<Result<Credentials>> Get() override;
  std::string Source() const override { return source_; }
  void Invalidate() override { cached_.reset(); }
  int fetches() const { return fetches_; }

 private:
  bool Fresh() const;

  boost::asio::any_io_executor executor_;
  std::string source_;
  Fetch fetch_;
  WallClock clock_;
  std::chrono::seconds margin_;
  std::optional<Credentials> cached_;
  std::optional<Error> last_error_;
  // Set while a fetch runs; waiters sleep on it until the fetch cancels it.
  std::shared_ptr<boost::asio::steady_timer> in_flight_;
  int fetches_ = 0;
};

}  // namespace awsr::aws
