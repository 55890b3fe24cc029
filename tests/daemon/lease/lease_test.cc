// The lease's pure parts and its keeper, without a network: which requests the fence holds
// back, when the fence opens and closes, roles and events, and the `lease` config key.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>

#include "config/lease_settings.h"
#include "daemon/lease/fenced_transport.h"
#include "daemon/lease/lease_keeper.h"
#include "tests/support/run_awaitable.h"

namespace awsr::lease {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

aws::HttpRequest SignedLeaseRequest(std::string service, std::string method) {
  aws::HttpRequest request;
  request.method = std::move(method);
  request.SetHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260102/us-east-1/" +
                                         service +
                                         "/aws4_request, SignedHeaders=host, Signature=0");
  return request;
}

TEST(FencedTransportTest, KnowsTheMutatingRequestsOfEveryProtocol) {
  struct Row {
    const char* service;
    const char* method;
    const char* target;  // X-Amz-Target
    const char* body;
    bool mutating;
    const char* reason;
  };
  const Row rows[] = {
      {"ec2", "POST", "", "Action=CreateVpc&Version=2016-11-15", true, "EC2 query write"},
      {"ec2", "POST", "", "Action=DescribeVpcs&Version=2016-11-15", false, "EC2 query read"},
      {"iam", "POST", "", "Version=2010-05-08&Action=GetRole", false, "Action anywhere"},
      {"sts", "POST", "", "Action=AssumeRole", false, "STS hands out credentials"},
      {"logs", "POST", "Logs_20140328.PutRetentionPolicy", "{}", true, "JSON write"},
      {"ecs", "POST", "AmazonEC2ContainerServiceV20141113.ListClusters", "{}", false, "JSON read"},
      {"codebuild", "POST", "CodeBuild_20161006.BatchGetProjects", "{}", false, "batch read"},
      {"s3", "GET", "", "", false, "REST GET"},
      {"s3", "HEAD", "", "", false, "REST HEAD"},
      {"s3", "PUT", "", "<Tagging/>", true, "REST PUT"},
      {"lambda", "DELETE", "", "", true, "REST DELETE"},
  };
  for (const auto& row : rows) {
    aws::HttpRequest request = SignedLeaseRequest(row.service, row.method);
    if (*row.target) request.SetHeader("X-Amz-Target", row.target);
    request.body = row.body;
    EXPECT_EQ(IsMutatingRequest(request), row.mutating) << row.reason;
  }
  EXPECT_EQ(SignedService(SignedLeaseRequest("dynamodb", "POST").Header("Authorization")),
            "dynamodb");
}

struct LeaseSwitchFence : aws::WriteFence {
  bool open = false;
  bool MayWrite() const override { return open; }
};

struct LeaseCountingTransport : aws::HttpTransport {
  int sent = 0;
  boost::asio::awaitable<Result<aws::HttpResponse>> Send(aws::TransportTarget,
                                                         aws::HttpRequest) override {
    ++sent;
    co_return aws::HttpResponse{200, {}, "{}"};
  }
};

TEST(FencedTransportTest, SendsReadsAlwaysAndWritesOnlyThroughAnOpenFence) {
  boost::asio::io_context io;
  auto inner = std::make_shared<LeaseCountingTransport>();
  auto fence = std::make_shared<LeaseSwitchFence>();
  FencedTransport transport(inner, fence);
  aws::HttpRequest write = SignedLeaseRequest("ec2", "POST");
  write.body = "Action=CreateVpc";
  aws::HttpRequest read = SignedLeaseRequest("ec2", "POST");
  read.body = "Action=DescribeVpcs";
  auto refused = testing::RunAwaitable(io, transport.Send({}, write));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().aws_code, aws::kWriteFenced);
  EXPECT_FALSE(refused.error().Retryable());
  EXPECT_TRUE(testing::RunAwaitable(io, transport.Send({}, read)));
  EXPECT_EQ(inner->sent, 1);  // the write never reached the wire
  fence->open = true;
  EXPECT_TRUE(testing::RunAwaitable(io, transport.Send({}, write)));
  EXPECT_EQ(inner->sent, 2);
}

// Open for its first `open_looks` questions, closed after: a pause that outlasts the lease
// while the connection is being opened.
struct LeaseClosingFence : aws::WriteFence {
  mutable int looks = 0;
  int open_looks = 1;
  bool MayWrite() const override { return ++looks <= open_looks; }
};

// A local server that accepts one connection and counts what arrives until the client closes.
boost::asio::awaitable<void> CountBytesOfOneConnection(boost::asio::ip::tcp::acceptor& acceptor,
                                                       std::size_t& received) {
  auto socket = co_await acceptor.async_accept(boost::asio::use_awaitable);
  char buffer[4096];
  for (;;) {
    boost::system::error_code error;
    std::size_t read = co_await socket.async_read_some(
        boost::asio::buffer(buffer),
        boost::asio::redirect_error(boost::asio::use_awaitable, error));
    received += read;
    if (error) co_return;
  }
}

struct FencedSendOutcome {
  std::string aws_code;  // empty when answered
  int looks = 0;
  std::size_t received = 0;  // bytes that reached the server
};

// One CreateVpc through a fence open for its first `open_looks` questions, to a local server
// that never answers (a request that leaves times out after 300 ms).
FencedSendOutcome SendCreateVpcThroughAFence(int open_looks) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  FencedSendOutcome outcome;
  boost::asio::co_spawn(io, CountBytesOfOneConnection(acceptor, outcome.received),
                        boost::asio::detached);
  auto fence = std::make_shared<LeaseClosingFence>();
  fence->open_looks = open_looks;
  aws::TransportSettings settings;
  settings.read_timeout = milliseconds(300);
  FencedTransport transport(std::make_shared<aws::BeastTransport>(io.get_executor(), settings),
                            fence);
  aws::HttpRequest write = SignedLeaseRequest("ec2", "POST");
  write.body = "Action=CreateVpc";
  const aws::TransportTarget local{false, "127.0.0.1", acceptor.local_endpoint().port()};
  auto answer = testing::RunAwaitable(io, transport.Send(local, write), seconds(10));
  if (!answer) outcome.aws_code = answer.error().aws_code;
  io.restart();
  io.run_for(seconds(5));  // the server reads to the end of the closed connection
  outcome.looks = fence->looks;
  return outcome;
}

TEST(FencedTransportTest, AFenceThatClosesWhileConnectingHoldsTheWriteBack) {
  FencedSendOutcome held = SendCreateVpcThroughAFence(1);
  EXPECT_EQ(held.aws_code, aws::kWriteFenced);
  EXPECT_EQ(held.looks, 2);      // before connecting, and once connected
  EXPECT_EQ(held.received, 0u);  // not one byte of the request left
  FencedSendOutcome sent = SendCreateVpcThroughAFence(2);
  EXPECT_EQ(sent.aws_code, aws::kTimeout);  // it left; the server never answers
  EXPECT_EQ(sent.looks, 2);
  EXPECT_GT(sent.received, 0u);
}

// A store that answers from a script, one view per attempt, and counts releases.
struct ScriptedLeaseStore : LeaseStore {
  std::deque<Result<LeaseView>> answers;
  int attempts = 0;
  int releases = 0;
  boost::asio::awaitable<Result<LeaseView>> TryHold(std::string, LeaseWallClock::time_point,
                                                    LeaseWallClock::time_point) override {
    ++attempts;
    Result<LeaseView> answer = answers.front();
    if (answers.size() > 1) answers.pop_front();
    co_return answer;
  }
  boost::asio::awaitable<Result<void>> Release(std::string, std::int64_t) override {
    ++releases;
    co_return Result<void>{};
  }
  nlohmann::json Where() const override { return {{"table", "leases"}}; }
};

struct LeaseKeeperRig {
  boost::asio::io_context io;
  ScriptedLeaseStore* store = nullptr;
  std::vector<bool> roles;
  std::vector<std::string> events;
  LeaseKeeper::SteadyClock::time_point now{seconds(1000)};
  std::unique_ptr<LeaseKeeper> keeper;

  explicit LeaseKeeperRig(std::vector<Result<LeaseView>> answers) {
    auto scripted = std::make_unique<ScriptedLeaseStore>();
    scripted->answers.assign(answers.begin(), answers.end());
    store = scripted.get();
    config::LeaseSettings settings;
    settings.store = "dynamodb";
    settings.table = "leases";
    settings.ttl = seconds(3);
    settings.safety_margin = seconds(1);
    settings.holder = "me";
    keeper = std::make_unique<LeaseKeeper>(
        io.get_executor(), std::move(scripted), settings,
        [this](bool active) { roles.push_back(active); },
        [this](std::string action, std::string message) {
          events.push_back(action + ": " + message);
        });
    keeper->set_steady_clock([this] { return now; });
  }
  void Attempt() { testing::RunAwaitable(io, keeper->TryOnce()); }
};

LeaseView HeldView(std::int64_t epoch) { return {true, {"me", epoch, LeaseWallClock::now()}}; }
LeaseView OthersView(std::int64_t epoch) {
  return {false, {"other", epoch, LeaseWallClock::now()}};
}

TEST(LeaseKeeperTest, TheFenceOpensOnHoldingAndClosesBeforeTheTermEndsOnItsOwnClock) {
  LeaseKeeperRig rig({Result<LeaseView>(OthersView(1)), Result<LeaseView>(HeldView(2))});
  rig.Attempt();
  EXPECT_FALSE(rig.keeper->Active());
  EXPECT_FALSE(rig.keeper->MayWrite());
  EXPECT_EQ(rig.keeper->StatusJson()["holder"], "other");
  rig.Attempt();
  EXPECT_TRUE(rig.keeper->Active());
  EXPECT_TRUE(rig.keeper->MayWrite());
  EXPECT_EQ(rig.roles, std::vector<bool>{true});
  ASSERT_EQ(rig.events.size(), 1u);
  EXPECT_NE(rig.events[0].find("lease-acquired: me holds the lease at epoch 2"), std::string::npos);
  EXPECT_EQ(rig.keeper->takeovers(), 1u);
  // Paused past TTL - margin since the renewal began: closed before the store is asked again.
  rig.now += milliseconds(1999);
  EXPECT_TRUE(rig.keeper->MayWrite());
  rig.now += milliseconds(1);
  EXPECT_FALSE(rig.keeper->MayWrite());
  EXPECT_TRUE(rig.keeper->Active());  // the role follows the store's answer
  rig.keeper->Stop();
}

TEST(LeaseKeeperTest, LosingTheLeaseOrTheStoreEndsWritingAndReleaseGivesItBack) {
  LeaseKeeperRig rig({Result<LeaseView>(HeldView(4)), Result<LeaseView>(OthersView(5))});
  rig.Attempt();
  ASSERT_TRUE(rig.keeper->MayWrite());
  rig.Attempt();
  EXPECT_FALSE(rig.keeper->Active());
  EXPECT_FALSE(rig.keeper->MayWrite());
  EXPECT_EQ(rig.roles, (std::vector<bool>{true, false}));
  EXPECT_NE(rig.events.back().find("lease-lost: other holds the lease at epoch 5"),
            std::string::npos);
  rig.keeper->Stop();

  // The store unreachable: the role stays until the fence closes on its own.
  LeaseKeeperRig cut({Result<LeaseView>(HeldView(1)),
                      Result<LeaseView>(MakeError(ErrorKind::kTransient, "no route"))});
  cut.Attempt();
  cut.Attempt();
  EXPECT_TRUE(cut.keeper->Active());
  EXPECT_NE(cut.keeper->StatusJson()["last_error"].get<std::string>().find("no route"),
            std::string::npos);
  cut.now += seconds(2);
  cut.Attempt();
  EXPECT_FALSE(cut.keeper->Active());
  cut.keeper->Stop();

  LeaseKeeperRig leaving({Result<LeaseView>(HeldView(7))});
  leaving.Attempt();
  leaving.keeper->Stop();
  leaving.keeper->Release();
  leaving.io.restart();
  leaving.io.poll();
  EXPECT_TRUE(leaving.keeper->Done());
  EXPECT_EQ(leaving.store->releases, 1);
  EXPECT_FALSE(leaving.keeper->MayWrite());
}

TEST(LeaseSettingsTest, DefaultsAndMistakesNameTheKey) {
  auto parsed = config::ParseLeaseSettings(
      nlohmann::json::parse(R"({"store": "dynamodb", "table": "t", "ttl_seconds": 4.5})"),
      "/lease");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->ttl, milliseconds(4500));
  EXPECT_EQ(parsed->safety_margin, milliseconds(1500));
  struct Endpoint {
    const char* url;
    bool tls;
    const char* host;
    int port;
  };
  const Endpoint endpoints[] = {
      {"http://127.0.0.1:2379", false, "127.0.0.1", 2379},
      {"https://etcd.internal/", true, "etcd.internal", 2379},
      {"http://[::1]:12379", false, "[::1]", 12379},
  };
  for (const auto& row : endpoints) {
    auto etcd = config::ParseLeaseSettings(
        {{"store", "etcd"}, {"endpoint", row.url}, {"holder", "h"}}, "/lease");
    ASSERT_TRUE(etcd) << etcd.error().message;
    EXPECT_EQ(etcd->endpoint.url, row.url);
    EXPECT_EQ(etcd->endpoint.tls, row.tls) << row.url;
    EXPECT_EQ(etcd->endpoint.host, row.host);
    EXPECT_EQ(etcd->endpoint.port, row.port);
    EXPECT_EQ(etcd->prefix, "awsreconciled/leases/");
  }
  struct Row {
    const char* json;
    const char* message;
  };
  const Row rows[] = {
      {R"({"table": "t"})", "/lease/store: is required"},
      {R"({"store": "zookeeper"})", "/lease/store: must be one of dynamodb, etcd"},
      {R"({"store": "dynamodb"})", "/lease/table: is required"},
      {R"({"store": "dynamodb", "table": "t", "endpoint": "http://e:2379"})",
       "/lease/endpoint: is only for store etcd"},
      {R"({"store": "etcd"})", "/lease/endpoint: is required for etcd"},
      {R"({"store": "etcd", "endpoint": "http://e", "table": "t"})",
       "/lease/table: is only for store dynamodb"},
      {R"({"store": "etcd", "endpoint": "e:2379"})",
       "/lease/endpoint: must start with http:// or https://, got \"e:2379\""},
      {R"({"store": "etcd", "endpoint": "http://e:2379/v3"})", "without path"},
      {R"({"store": "etcd", "endpoint": "http://:2379"})", "/lease/endpoint: has no host"},
      {R"({"store": "etcd", "endpoint": "http://e:99999"})", "port that is not 1 to 65535"},
      {R"({"store": "etcd", "endpoint": "http://[::1"})", "without its ]"},
      {R"({"store": "etcd", "endpoint": 2379})", "/lease/endpoint: must be a string"},
      {R"({"store": "dynamodb", "table": "t", "ttl_seconds": 0})", "/lease/ttl_seconds: must be"},
      {R"({"store": "dynamodb", "table": "t", "ttl_seconds": 4, "safety_margin_seconds": 3})",
       "/lease/safety_margin_seconds: must be at most half"},
      {R"({"store": "dynamodb", "table": "t", "tll": 4})", "/lease/tll: unknown key"},
      {R"({"store": "dynamodb", "table": "t", "region": "nowhere"})", "/lease/region"},
  };
  for (const auto& row : rows) {
    auto bad = config::ParseLeaseSettings(nlohmann::json::parse(row.json), "/lease");
    ASSERT_FALSE(bad) << row.json;
    EXPECT_NE(bad.error().message.find(row.message), std::string::npos) << bad.error().message;
  }
}

}  // namespace
}  // namespace awsr::lease
