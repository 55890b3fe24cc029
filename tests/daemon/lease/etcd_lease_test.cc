// The etcd lease store without a network: the gateway's request bodies and answers (table
// tests), then two stores racing through an in-memory etcd that keeps keys on leases the way
// etcd does.
#include "daemon/lease/etcd_lease.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>

#include "daemon/base/crypto.h"
#include "daemon/lease/etcd_gateway.h"
#include "tests/support/run_awaitable.h"

namespace awsr::lease {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

std::string Value(const std::string& holder) { return json({{"holder", holder}}).dump(); }

TEST(EtcdGatewayTest, Base64RoundTripsAndRefusesWhatIsNotBase64) {
  for (const std::string text : {"", "a", "ab", "abc", "abcd", "awsreconciled/leases/o"}) {
    EXPECT_EQ(Base64Decode(Base64Encode(text)), text);
  }
  EXPECT_EQ(Base64Decode("abc"), std::nullopt);   // not a multiple of 4
  EXPECT_EQ(Base64Decode("!!!!"), std::nullopt);  // not the alphabet
}

TEST(EtcdGatewayTest, BuildsTheRequestBodies) {
  EXPECT_EQ(etcd::RangeRequest("k/o"), json({{"key", Base64Encode("k/o")}}));
  // Whole seconds, never shorter than asked: etcd's term must outlast the holder's own count.
  EXPECT_EQ(etcd::GrantRequest(seconds(3)), json({{"TTL", "3"}}));
  EXPECT_EQ(etcd::GrantRequest(milliseconds(4500)), json({{"TTL", "5"}}));
  EXPECT_EQ(etcd::LeaseIdRequest(4111120396087569669), json({{"ID", "4111120396087569669"}}));
  const json take = etcd::TakeRequest("k/o", "host-a:1", 77);
  EXPECT_EQ(take["compare"], json::parse(R"([{"key": ")" + Base64Encode("k/o") +
                                         R"(", "target": "CREATE", "result": "EQUAL",
                                            "create_revision": "0"}])"));
  const json& put = take["success"][0]["request_put"];
  EXPECT_EQ(put["key"], Base64Encode("k/o"));
  EXPECT_EQ(Base64Decode(put["value"].get<std::string>()), Value("host-a:1"));
  EXPECT_EQ(put["lease"], "77");
  EXPECT_EQ(take["failure"][0]["request_range"], etcd::RangeRequest("k/o"));
}

TEST(EtcdGatewayTest, ReadsAnswersAndErrors) {
  struct Row {
    int status;
    const char* body;
    bool ok;
    ErrorKind kind;
    const char* message;
  };
  const Row rows[] = {
      {200, R"({"header": {"revision": "2"}})", true, {}, ""},
      {200, "not json", false, ErrorKind::kInternal, "unexpected answer to /v3/kv/range"},
      {404, R"({"error": "x", "message": "etcdserver: requested lease not found", "code": 5})",
       false, ErrorKind::kNotFound, "HTTP 404: etcdserver: requested lease not found"},
      {503, R"({"message": "etcdserver: no leader", "code": 14})", false, ErrorKind::kTransient,
       "no leader"},
      {502, "", false, ErrorKind::kTransient, "answered HTTP 502"},
      {400, R"({"message": "illegal base64 data", "code": 3})", false, ErrorKind::kInternal,
       "illegal base64"},
      {200, R"({"error": {"grpc_code": 14, "http_code": 503, "message": "no leader"}})", false,
       ErrorKind::kTransient, "HTTP 503: no leader"},
  };
  for (const auto& row : rows) {
    auto answer = etcd::ParseAnswer("/v3/kv/range", row.status, row.body);
    ASSERT_EQ(bool(answer), row.ok) << row.body;
    if (row.ok) continue;
    EXPECT_EQ(answer.error().kind, row.kind) << row.body;
    EXPECT_NE(answer.error().message.find(row.message), std::string::npos)
        << answer.error().message;
  }
}

json RangeAnswer(const std::string& value, const char* create_revision, const char* lease) {
  return {{"header", {{"revision", "9"}}},
          {"kvs",
           {{{"key", Base64Encode("k/o")},
             {"create_revision", create_revision},
             {"mod_revision", "8"},
             {"version", "1"},
             {"value", Base64Encode(value)},
             {"lease", lease}}}},
          {"count", "1"}};
}

TEST(EtcdGatewayTest, ReadsTheKeyItsLeaseAndTheTake) {
  auto absent = etcd::ParseRange(json::parse(R"({"header": {"revision": "1"}})"), "k/o");
  ASSERT_TRUE(absent);
  EXPECT_FALSE(*absent);
  auto held = etcd::ParseRange(RangeAnswer(Value("a"), "7", "42"), "k/o");
  ASSERT_TRUE(held && *held);
  EXPECT_EQ((*held)->holder, "a");
  EXPECT_EQ((*held)->create_revision, 7);
  EXPECT_EQ((*held)->lease_id, 42);
  auto foreign = etcd::ParseRange(RangeAnswer("hello", "7", "42"), "k/o");
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("etcd key k/o holds no lease record"), std::string::npos);
  EXPECT_FALSE(etcd::ParseRange(RangeAnswer(Value("a"), "seven", "42"), "k/o"));

  struct Row {
    const char* answer;
    std::int64_t seconds;
  };
  const Row lefts[] = {
      {R"({"result": {"ID": "42", "TTL": "3"}})", 3},         // keepalive
      {R"({"result": {"ID": "42"}})", 0},                     // keepalive of a lease that is gone
      {R"({"ID": "42", "TTL": "2", "grantedTTL": "3"})", 2},  // timetolive
      {R"({"ID": "42", "TTL": "-1"})", 0},                    // timetolive, gone
  };
  for (const auto& row : lefts) {
    auto left = etcd::ParseSecondsLeft(json::parse(row.answer));
    ASSERT_TRUE(left) << row.answer;
    EXPECT_EQ(*left, row.seconds) << row.answer;
  }
  auto granted = etcd::ParseGrant(json::parse(R"({"ID": "42", "TTL": "3"})"));
  ASSERT_TRUE(granted);
  EXPECT_EQ(*granted, 42);
  EXPECT_FALSE(etcd::ParseGrant(json::parse(R"({"error": "x"})")));

  auto won = etcd::ParseTake(json::parse(R"({"header": {"revision": "12"}, "succeeded": true,
                      "responses": [{"response_put": {"header": {"revision": "12"}}}]})"),
                             "k/o");
  ASSERT_TRUE(won);
  EXPECT_TRUE(won->succeeded);
  EXPECT_EQ(won->revision, 12);
  json lost_answer = {{"header", {{"revision", "12"}}},
                      {"responses", {{{"response_range", RangeAnswer(Value("b"), "11", "5")}}}}};
  auto lost = etcd::ParseTake(lost_answer, "k/o");  // "succeeded" is left out when false
  ASSERT_TRUE(lost);
  EXPECT_FALSE(lost->succeeded);
  ASSERT_TRUE(lost->holder);
  EXPECT_EQ(lost->holder->holder, "b");
}

TEST(EtcdGatewayTest, DecidesWhatALookLeadsToAndWhoHolds) {
  const etcd::LeaseKey mine{"me", 7, 42};
  const etcd::LeaseKey theirs{"other", 9, 43};
  struct Row {
    std::optional<etcd::LeaseKey> current;
    std::int64_t my_lease;
    etcd::Step step;
  };
  const Row rows[] = {
      {std::nullopt, 0, etcd::Step::kTake}, {std::nullopt, 42, etcd::Step::kTake},
      {mine, 42, etcd::Step::kRenew},       {mine, 0, etcd::Step::kReplace},
      {mine, 41, etcd::Step::kReplace},     {theirs, 43, etcd::Step::kWatch},
      {theirs, 0, etcd::Step::kWatch},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(etcd::NextStep(row.current, "me", row.my_lease), row.step)
        << (row.current ? row.current->holder : "none") << " " << row.my_lease;
  }

  const auto end = LeaseWallClock::now();
  const LeaseView won = etcd::ViewAfterTake({true, 12, std::nullopt}, "me", end);
  EXPECT_TRUE(won.held);
  EXPECT_EQ(won.record.holder, "me");
  EXPECT_EQ(won.record.epoch, 12);
  const LeaseView lost = etcd::ViewAfterTake({false, 0, theirs}, "me", end);
  EXPECT_FALSE(lost.held);
  EXPECT_EQ(lost.record.holder, "other");
  EXPECT_EQ(lost.record.epoch, 9);
}

// etcd as far as the lease uses it: one revision counter, keys on leases, leases that expire
// when `now` passes their end, and the gateway's JSON. `down` answers nothing.
struct FakeEtcd : aws::HttpTransport {
  struct Kv {
    std::string value;
    std::int64_t create_revision;
    std::int64_t lease;
  };
  std::int64_t revision = 1;
  std::int64_t next_lease = 100;
  seconds now{0};
  std::map<std::int64_t, seconds> leases;  // ID → end
  std::map<std::string, Kv> kvs;
  bool down = false;
  std::vector<std::string> paths;

  void Expire() {
    for (auto lease = leases.begin(); lease != leases.end();) {
      if (lease->second > now) {
        ++lease;
        continue;
      }
      Drop(lease->first);
      lease = leases.erase(lease);
    }
  }
  void Drop(std::int64_t lease) {
    for (auto kv = kvs.begin(); kv != kvs.end();) {
      kv = kv->second.lease == lease ? kvs.erase(kv) : std::next(kv);
    }
    ++revision;
  }
  json Range(const std::string& key) const {
    json answer = {{"header", {{"revision", std::to_string(revision)}}}};
    if (auto kv = kvs.find(key); kv != kvs.end()) {
      answer["kvs"] = {{{"key", Base64Encode(key)},
                        {"create_revision", std::to_string(kv->second.create_revision)},
                        {"value", Base64Encode(kv->second.value)},
                        {"lease", std::to_string(kv->second.lease)}}};
    }
    return answer;
  }
  static std::int64_t Id(const json& body) { return std::stoll(body["ID"].get<std::string>()); }
  aws::HttpResponse Answer(const std::string& path, const json& body) {
    if (path == "/v3/kv/range")
      return {200, {}, Range(*Base64Decode(body["key"].get<std::string>())).dump()};
    if (path == "/v3/lease/grant") {
      const std::int64_t id = next_lease++;
      leases[id] = now + seconds(std::stoll(body["TTL"].get<std::string>()));
      return {200, {}, json({{"ID", std::to_string(id)}, {"TTL", body["TTL"]}}).dump()};
    }
    if (path == "/v3/lease/keepalive" || path == "/v3/lease/timetolive") {
      json lease = {{"ID", body["ID"]}};
      if (auto found = leases.find(Id(body)); found != leases.end()) {
        if (path == "/v3/lease/keepalive") found->second = now + seconds(3);
        lease["TTL"] = std::to_string((found->second - now).count());
      } else if (path == "/v3/lease/timetolive") {
        lease["TTL"] = "-1";
      }
      return {200, {}, (path == "/v3/lease/keepalive" ? json({{"result", lease}}) : lease).dump()};
    }
    if (path == "/v3/lease/revoke") {
      if (leases.erase(Id(body)) == 0) return {404, {}, R"({"message": "not found", "code": 5})"};
      Drop(Id(body));
      return {200, {}, "{}"};
    }
    // /v3/kv/txn, as TakeRequest writes it: create if absent, else read.
    const std::string key = *Base64Decode(body["compare"][0]["key"].get<std::string>());
    if (kvs.contains(key)) {
      return {200, {}, json({{"responses", {{{"response_range", Range(key)}}}}}).dump()};
    }
    const json& put = body["success"][0]["request_put"];
    ++revision;
    kvs[key] = {*Base64Decode(put["value"].get<std::string>()), revision,
                std::stoll(put["lease"].get<std::string>())};
    return {
        200,
        {},
        json({{"header", {{"revision", std::to_string(revision)}}}, {"succeeded", true}}).dump()};
  }
  boost::asio::awaitable<Result<aws::HttpResponse>> Send(aws::TransportTarget target,
                                                         aws::HttpRequest request) override {
    if (down) co_return MakeError(ErrorKind::kTransient, "connection refused");
    EXPECT_EQ(target.host, "127.0.0.1");
    EXPECT_EQ(request.Header("Host"), "127.0.0.1:2379");
    paths.push_back(request.path);
    Expire();
    co_return Answer(request.path, json::parse(request.body));
  }
};

struct EtcdRig {
  boost::asio::io_context io;
  std::shared_ptr<FakeEtcd> etcd = std::make_shared<FakeEtcd>();
  EtcdLease a{etcd, {"http://127.0.0.1:2379", false, "127.0.0.1", 2379}, "k/o", seconds(3)};
  EtcdLease b{etcd, {"http://127.0.0.1:2379", false, "127.0.0.1", 2379}, "k/o", seconds(3)};

  Result<LeaseView> Hold(EtcdLease& store, const std::string& holder) {
    const auto now = LeaseWallClock::now();
    return testing::RunAwaitable(io, store.TryHold(holder, now, now + seconds(3)));
  }
};

TEST(EtcdLeaseTest, OneHoldsUntilItsLeaseExpiresThenTheOtherTakesOverAtAHigherEpoch) {
  EtcdRig rig;
  auto first = rig.Hold(rig.a, "a");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->held);
  const std::int64_t epoch = first->record.epoch;
  EXPECT_GT(epoch, 0);
  auto watching = rig.Hold(rig.b, "b");
  ASSERT_TRUE(watching);
  EXPECT_FALSE(watching->held);
  EXPECT_EQ(watching->record.holder, "a");
  EXPECT_EQ(watching->record.epoch, epoch);

  rig.etcd->now += seconds(2);
  auto renewed = rig.Hold(rig.a, "a");  // keeps the lease alive: same epoch
  ASSERT_TRUE(renewed && renewed->held);
  EXPECT_EQ(renewed->record.epoch, epoch);
  rig.etcd->now += seconds(2);
  ASSERT_FALSE(rig.Hold(rig.b, "b")->held);  // renewed 2 s ago: still a's

  rig.etcd->now += seconds(3);  // a stopped renewing: etcd deleted its key
  auto taken = rig.Hold(rig.b, "b");
  ASSERT_TRUE(taken && taken->held);
  EXPECT_GT(taken->record.epoch, epoch);
  auto late = rig.Hold(rig.a, "a");
  ASSERT_TRUE(late);
  EXPECT_FALSE(late->held);
  EXPECT_EQ(late->record.holder, "b");

  // A restart of b (the same holder, a new process): the old run's term ends, a new one begins.
  EtcdLease restarted{
      rig.etcd, {"http://127.0.0.1:2379", false, "127.0.0.1", 2379}, "k/o", seconds(3)};
  const auto old_lease = rig.etcd->kvs["k/o"].lease;
  auto again = rig.Hold(restarted, "b");
  ASSERT_TRUE(again && again->held);
  EXPECT_GT(again->record.epoch, taken->record.epoch);
  EXPECT_FALSE(rig.etcd->leases.contains(old_lease));
  taken = again;
  ASSERT_TRUE(testing::RunAwaitable(rig.io, rig.b.Release("b", 0)));  // the old run's: gone
  ASSERT_TRUE(rig.Hold(restarted, "b")->held);

  // a releases nothing of b's; b's release frees the key for a at once.
  ASSERT_TRUE(testing::RunAwaitable(rig.io, rig.a.Release("a", epoch)));
  ASSERT_FALSE(rig.Hold(rig.a, "a")->held);
  ASSERT_TRUE(testing::RunAwaitable(rig.io, restarted.Release("b", taken->record.epoch)));
  auto back = rig.Hold(rig.a, "a");
  ASSERT_TRUE(back && back->held);
  EXPECT_GT(back->record.epoch, taken->record.epoch);
}

// Sees no key on range, as if it were created right after: the take's txn is what finds it.
struct RangeBlindEtcd : aws::HttpTransport {
  std::shared_ptr<FakeEtcd> inner = std::make_shared<FakeEtcd>();
  boost::asio::awaitable<Result<aws::HttpResponse>> Send(aws::TransportTarget target,
                                                         aws::HttpRequest request) override {
    if (request.path == "/v3/kv/range") co_return aws::HttpResponse{200, {}, "{}"};
    co_return co_await inner->Send(std::move(target), std::move(request));
  }
};

TEST(EtcdLeaseTest, AWatcherWritesNothingALostRaceRevokesItsLeaseAndEtcdDownIsAnError) {
  EtcdRig rig;
  rig.etcd->kvs["k/o"] = {Value("b"), 5, 999};
  rig.etcd->leases[999] = seconds(100);
  auto watching = rig.Hold(rig.a, "a");
  ASSERT_TRUE(watching);
  EXPECT_FALSE(watching->held);
  EXPECT_EQ(watching->record.holder, "b");
  EXPECT_EQ(rig.etcd->paths, (std::vector<std::string>{"/v3/kv/range", "/v3/lease/timetolive"}));

  auto blind = std::make_shared<RangeBlindEtcd>();
  blind->inner->kvs["k/o"] = {Value("b"), 5, 999};
  blind->inner->leases[999] = seconds(100);
  EtcdLease racer{blind, {"http://127.0.0.1:2379", false, "127.0.0.1", 2379}, "k/o", seconds(3)};
  auto lost = rig.Hold(racer, "a");
  ASSERT_TRUE(lost);
  EXPECT_FALSE(lost->held);
  EXPECT_EQ(lost->record.holder, "b");
  EXPECT_EQ(blind->inner->paths,
            (std::vector<std::string>{"/v3/lease/grant", "/v3/kv/txn", "/v3/lease/revoke"}));
  EXPECT_EQ(blind->inner->leases.size(), 1u);  // only b's
  EXPECT_EQ(blind->inner->kvs["k/o"].create_revision, 5);

  rig.etcd->down = true;
  auto cut = rig.Hold(rig.a, "a");
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("etcd http://127.0.0.1:2379/v3/kv/range: connection refused"),
            std::string::npos)
      << cut.error().message;
  EXPECT_EQ(rig.a.Where(), json({{"endpoint", "http://127.0.0.1:2379"}, {"key", "k/o"}}));
}

}  // namespace
}  // namespace awsr::lease
