// The lease as one etcd v3 key per owner (prefix + owner, value {"holder": ...}) that lives on an
// etcd lease of the TTL, spoken over etcd's HTTP/JSON gateway. The key is created only by a
// transaction whose condition is that it does not exist, so of two daemons racing exactly one
// creates it; the holder keeps its etcd lease alive, and when it stops, etcd deletes the key at
// the lease's end by etcd's own clock, and the next look of a standby creates it anew. The epoch
// is the key's create revision: etcd's revisions only grow, so each new holder's is higher.
// docs/high-availability.md tells the whole story.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <string>

#include "config/lease_settings.h"
#include "daemon/aws/transport.h"
#include "daemon/lease/lease_store.h"

namespace awsr::lease {

class EtcdLease final : public LeaseStore {
 public:
  // `transport` carries plain requests to the endpoint (no AWS signing, no write fence).
  EtcdLease(std::shared_ptr<aws::HttpTransport> transport, config::LeaseEndpoint endpoint,
            std::string key, std::chrono::milliseconds ttl);

  boost::asio::awaitable<Result<LeaseView>> TryHold(std::string holder,
                                                    LeaseWallClock::time_point now,
                                                    LeaseWallClock::time_point expires_at) override;
  boost::asio::awaitable<Result<void>> Release(std::string holder, std::int64_t epoch) override;
  nlohmann::json Where() const override;

 private:
  boost::asio::awaitable<Result<nlohmann::json>> Post(std::string path, nlohmann::json body,
                                                      bool safe_to_resend);
  boost::asio::awaitable<Result<std::int64_t>> SecondsLeft(std::string path, std::int64_t lease_id);
  boost::asio::awaitable<Result<LeaseView>> Take(std::string holder,
                                                 LeaseWallClock::time_point expires_at);
  boost::asio::awaitable<void> Revoke(std::int64_t lease_id);

  std::shared_ptr<aws::HttpTransport> transport_;
  config::LeaseEndpoint endpoint_;
  std::string key_;
  std::chrono::milliseconds ttl_;
  std::int64_t lease_id_ = 0;  // the etcd lease our key lives on while we hold it
};

// The store for `settings` (store "etcd") and this owner, with its own HTTP transport whose
// deadlines fit within a renewal period.
std::unique_ptr<LeaseStore> MakeEtcdLease(boost::asio::any_io_executor executor,
                                          const config::LeaseSettings& settings,
                                          const std::string& owner);

}  // namespace awsr::lease
