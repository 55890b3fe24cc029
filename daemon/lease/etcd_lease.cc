#include "daemon/lease/etcd_lease.h"

#include <algorithm>

#include "daemon/aws/json_result.h"
#include "daemon/lease/etcd_gateway.h"

namespace awsr::lease {

EtcdLease::EtcdLease(std::shared_ptr<aws::HttpTransport> transport, config::LeaseEndpoint endpoint,
                     std::string key, std::chrono::milliseconds ttl)
    : transport_(std::move(transport)),
      endpoint_(std::move(endpoint)),
      key_(std::move(key)),
      ttl_(ttl) {}

boost::asio::awaitable<Result<LeaseView>> EtcdLease::TryHold(
    std::string holder, LeaseWallClock::time_point now, LeaseWallClock::time_point expires_at) {
  auto ranged = co_await Post(std::string("/v3/kv/range"), etcd::RangeRequest(key_), true);
  if (!ranged) co_return ranged.error();
  auto read = etcd::ParseRange(*ranged, key_);
  if (!read) co_return read.error();
  std::optional<etcd::LeaseKey> current = std::move(*read);
  etcd::Step step = etcd::NextStep(current, holder, lease_id_);
  if (step == etcd::Step::kRenew) {
    const std::int64_t lease_id = current->lease_id;
    auto left = co_await SecondsLeft(std::string("/v3/lease/keepalive"), lease_id);
    if (!left) co_return left.error();
    if (*left > 0)
      co_return LeaseView{true, LeaseRecord{holder, current->create_revision, expires_at}};
    step = etcd::Step::kTake;  // it ended between the two calls, and etcd deletes the key
  }
  if (step == etcd::Step::kReplace) {
    // A previous run of this holder: its lease may last another TTL than ours, which the fence
    // could not count on. Its term ends here; whoever creates the key next holds it.
    const std::int64_t stale = current->lease_id;
    co_await Revoke(stale);
    step = etcd::Step::kTake;
  }
  if (step == etcd::Step::kWatch) {
    // Someone else's term, which ends when etcd expires their lease: only they can end it.
    const std::int64_t lease_id = current->lease_id;
    auto left = co_await SecondsLeft(std::string("/v3/lease/timetolive"), lease_id);
    if (!left) co_return left.error();
    co_return LeaseView{false, LeaseRecord{current->holder, current->create_revision,
                                           now + std::chrono::seconds(*left)}};
  }
  co_return co_await Take(std::move(holder), expires_at);
}

boost::asio::awaitable<Result<LeaseView>> EtcdLease::Take(std::string holder,
                                                          LeaseWallClock::time_point expires_at) {
  auto granted = co_await Post(std::string("/v3/lease/grant"), etcd::GrantRequest(ttl_), true);
  if (!granted) co_return granted.error();
  auto lease_id = etcd::ParseGrant(*granted);
  if (!lease_id) co_return lease_id.error();
  const std::int64_t fresh = *lease_id;
  auto answered =
      co_await Post(std::string("/v3/kv/txn"), etcd::TakeRequest(key_, holder, fresh), false);
  Result<etcd::TakeOutcome> outcome =
      answered ? etcd::ParseTake(*answered, key_) : Result<etcd::TakeOutcome>(answered.error());
  if (outcome && outcome->succeeded) {
    lease_id_ = fresh;
    co_return etcd::ViewAfterTake(*outcome, holder, expires_at);
  }
  // Lost the race, or do not know: the fresh lease goes, and with it the key if it was created
  // after all (a txn whose answer was lost). Not revoked, it would only expire.
  co_await Revoke(fresh);
  if (!outcome) co_return outcome.error();
  co_return etcd::ViewAfterTake(*outcome, holder, expires_at);
}

boost::asio::awaitable<Result<void>> EtcdLease::Release(std::string /*holder*/,
                                                        std::int64_t /*epoch*/) {
  // Revoking our etcd lease deletes the key only if it is still ours: nobody else's key lives
  // on our lease.
  const std::int64_t lease_id = std::exchange(lease_id_, 0);
  if (lease_id == 0) co_return Result<void>{};
  auto revoked =
      co_await Post(std::string("/v3/lease/revoke"), etcd::LeaseIdRequest(lease_id), true);
  if (!revoked && revoked.error().kind != ErrorKind::kNotFound) co_return revoked.error();
  co_return Result<void>{};
}

nlohmann::json EtcdLease::Where() const {
  nlohmann::json where = nlohmann::json::object();
  where["endpoint"] = endpoint_.url;
  where["key"] = key_;
  return where;
}

boost::asio::awaitable<Result<std::int64_t>> EtcdLease::SecondsLeft(std::string path,
                                                                    std::int64_t lease_id) {
  auto answered = co_await Post(path, etcd::LeaseIdRequest(lease_id), true);
  if (!answered) co_return answered.error();
  co_return etcd::ParseSecondsLeft(*answered);
}

boost::asio::awaitable<void> EtcdLease::Revoke(std::int64_t lease_id) {
  auto revoked =
      co_await Post(std::string("/v3/lease/revoke"), etcd::LeaseIdRequest(lease_id), true);
  (void)revoked;  // best effort: an unrevoked lease expires on its own after the TTL
}

boost::asio::awaitable<Result<nlohmann::json>> EtcdLease::Post(std::string path,
                                                               nlohmann::json body,
                                                               bool safe_to_resend) {
  aws::HttpRequest request;
  request.method = "POST";
  request.path = path;
  request.body = body.dump();
  request.safe_to_resend = safe_to_resend;
  const bool default_port = endpoint_.port == (endpoint_.tls ? 443 : 80);
  request.SetHeader("Host",
                    endpoint_.host + (default_port ? "" : ":" + std::to_string(endpoint_.port)));
  request.SetHeader("Content-Type", "application/json");
  aws::TransportTarget target;
  target.tls = endpoint_.tls;
  // The transport resolves and verifies the bare address: [::1] is ::1 to it.
  target.host = endpoint_.host.starts_with("[")
                    ? endpoint_.host.substr(1, endpoint_.host.size() - 2)
                    : endpoint_.host;
  target.port = endpoint_.port;
  auto response = co_await transport_->Send(std::move(target), std::move(request));
  if (!response) {
    Error error = response.error();
    error.message = "etcd " + endpoint_.url + path + ": " + error.message;
    co_return aws::JsonError(std::move(error));
  }
  co_return etcd::ParseAnswer(path, response->status, response->body);
}

std::unique_ptr<LeaseStore> MakeEtcdLease(boost::asio::any_io_executor executor,
                                          const config::LeaseSettings& settings,
                                          const std::string& owner) {
  // An answer later than a renewal period is of no use: the next attempt is due by then.
  const auto deadline =
      std::max<std::chrono::milliseconds>(settings.ttl / 3, std::chrono::seconds(1));
  aws::TransportSettings transport;
  transport.connect_timeout = deadline;
  transport.read_timeout = deadline;
  transport.total_timeout = deadline;
  transport.max_response_bytes = 1024 * 1024;
  transport.max_idle_per_host = 2;
  return std::make_unique<EtcdLease>(std::make_shared<aws::BeastTransport>(executor, transport),
                                     settings.endpoint, settings.prefix + owner, settings.ttl);
}

}  // namespace awsr::lease
