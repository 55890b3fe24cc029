#include "api/router.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <future>
#include <thread>

#include "api/http_server.h"
#include "daemon/base/json_fields.h"

namespace awsr::api {
namespace {

class FakeBackend : public Backend {
 public:
  bool Ready() const override { return ready; }
  std::string Status() const override { return R"({"phase": "ready"})"; }
  nlohmann::json Files() const override { return {{"files", nlohmann::json::array()}}; }
  nlohmann::json Reload() override {
    ++reloads;
    return {{"reload", "started"}};
  }
  SharedText Resources(const std::map<std::string, std::string>& filters) const override {
    return std::make_shared<const std::string>(DumpJson({{"filters", filters}}));
  }
  std::optional<nlohmann::json> Resource(std::string_view id) const override {
    if (id != "Web") return std::nullopt;
    return nlohmann::json{{"logical_id", id}};
  }
  nlohmann::json Plan() const override { return {{"actions", nlohmann::json::array()}}; }
  EventTexts Events(std::uint64_t after) const override {
    return {{DumpJson({{"sequence", after + 1}})}, after + 1};
  }
  std::optional<nlohmann::json> Reconcile(std::optional<std::string> id) override {
    if (id && *id != "Web") return std::nullopt;
    reconciled.push_back(id.value_or("*"));
    return nlohmann::json{{"queued", id.value_or("*")}};
  }
  nlohmann::json ApproveDeletions() override { return {{"approved", true}}; }
  std::string Metrics() const override { return "awsreconciled_up 1\n"; }
  int SubscribeEvents(std::function<void(const nlohmann::json&)>) override { return 1; }
  void UnsubscribeEvents(int) override {}

  bool ready = false;
  int reloads = 0;
  std::vector<std::string> reconciled;
};

Request Get(std::string target) { return Request{"GET", std::move(target), "", "", false, ""}; }

TEST(RouterTest, ReadyzFollowsTheBackend) {
  FakeBackend backend;
  Router router(backend, "");
  EXPECT_EQ(router.Handle(Get("/readyz")).status, 503);
  backend.ready = true;
  EXPECT_EQ(router.Handle(Get("/readyz")).status, 200);
  EXPECT_EQ(router.Handle(Get("/healthz")).status, 200);
}

TEST(RouterTest, UnknownPathIs404AndWrongMethodIs405WithJsonErrors) {
  FakeBackend backend;
  Router router(backend, "");
  Response missing = router.Handle(Get("/v1/nope"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["error"], "NotFound");
  Response wrong = router.Handle(Request{"DELETE", "/v1/status", "", "", true, ""});
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(nlohmann::json::parse(wrong.body)["error"], "MethodNotAllowed");
}

struct WriteCase {
  const char* reason;
  std::string token;
  std::string authorization;
  bool trusted_peer;
  int expected_status;
};

class RouterWriteTest : public ::testing::TestWithParam<WriteCase> {};

TEST_P(RouterWriteTest, WritesNeedTheSocketOrTheToken) {
  FakeBackend backend;
  Router router(backend, GetParam().token);
  Response response = router.Handle(
      Request{"POST", "/v1/reload", "", GetParam().authorization, GetParam().trusted_peer, ""});
  EXPECT_EQ(response.status, GetParam().expected_status) << GetParam().reason;
  EXPECT_EQ(backend.reloads, GetParam().expected_status == 202 ? 1 : 0) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RouterWriteTest,
    ::testing::Values(WriteCase{"unix socket peer", "", "", true, 202},
                      WriteCase{"tcp without a configured token", "", "Bearer x", false, 401},
                      WriteCase{"tcp with the right token", "s3cret", "Bearer s3cret", false, 202},
                      WriteCase{"tcp with a wrong token", "s3cret", "Bearer s3cres", false, 401},
                      WriteCase{"tcp with a prefix of the token", "s3cret", "Bearer s3c", false,
                                401},
                      WriteCase{"tcp without a header", "s3cret", "", false, 401}));

TEST(RouterTest, TheResourceListRefusesUnknownParametersAndLimitsOutOfRange) {
  FakeBackend backend;
  Router router(backend, "");
  const auto page = router.Handle(Get("/v1/resources?limit=50&after=Web&state=Ready"));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(nlohmann::json::parse(page.Text())["filters"]["limit"], "50");
  EXPECT_EQ(nlohmann::json::parse(page.Text())["filters"]["after"], "Web");
  EXPECT_EQ(router.Handle(Get("/v1/resources?limit=10000")).status, 200);
  for (const std::string limit : {"0", "-1", "10001", "ten", "", "99999999999", "5x"}) {
    const auto refused = router.Handle(Get("/v1/resources?limit=" + limit));
    EXPECT_EQ(refused.status, 400) << limit;
    EXPECT_NE(refused.body.find("limit \\\"" + limit + "\\\""), std::string::npos) << refused.body;
  }
  const auto unknown = router.Handle(Get("/v1/resources?typ=AWS%3A%3AEC2%3A%3AVPC"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("\\\"typ\\\""), std::string::npos) << unknown.body;
}

TEST(RouterTest, ResourceRoutesTakeTheIdFromThePath) {
  FakeBackend backend;
  Router router(backend, "");
  EXPECT_EQ(router.Handle(Get("/v1/resources/Web")).status, 200);
  EXPECT_EQ(router.Handle(Get("/v1/resources/Nope")).status, 404);
  EXPECT_EQ(router.Handle(Get("/v1/resources/Web/extra")).status, 404);
  auto filtered = router.Handle(Get("/v1/resources?type=AWS%3A%3AEC2%3A%3AVPC"));
  EXPECT_EQ(nlohmann::json::parse(filtered.Text())["filters"]["type"], "AWS::EC2::VPC");
  EXPECT_EQ(router.Handle(Request{"POST", "/v1/reconcile/Web", "", "", true, ""}).status, 202);
  EXPECT_EQ(router.Handle(Request{"POST", "/v1/reconcile/Nope", "", "", true, ""}).status, 404);
  EXPECT_EQ(router.Handle(Request{"POST", "/v1/reconcile", "", "", true, ""}).status, 202);
  EXPECT_EQ(backend.reconciled, (std::vector<std::string>{"Web", "*"}));
  EXPECT_EQ(router.Handle(Request{"GET", "/v1/reconcile/Web", "", "", true, ""}).status, 405);
}

TEST(RouterTest, MetricsAreTextAndFollowStreams) {
  FakeBackend backend;
  Router router(backend, "");
  Response metrics = router.Handle(Get("/metrics"));
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4");
  EXPECT_EQ(metrics.body, "awsreconciled_up 1\n");
  Response events = router.Handle(Get("/v1/events?after=4"));
  EXPECT_FALSE(events.follow_events);
  EXPECT_EQ(events.body, "{\"events\":[{\"sequence\":5}],\"last_sequence\":5}\n");
  Response follow = router.Handle(Get("/v1/events?follow=1&after=4"));
  EXPECT_TRUE(follow.follow_events);
  EXPECT_EQ(follow.body, "{\"sequence\":5}\n");
}

// What reads only the backend's published snapshot may be answered off the daemon's loop;
// the rest waits for it.
TEST(RouterTest, OnlySnapshotReadsAreAnsweredAnywhere) {
  FakeBackend backend;
  Router router(backend, "");
  for (const char* target : {"/", "/healthz", "/readyz", "/v1/status", "/v1/resources",
                             "/v1/resources?type=AWS%3A%3AEC2%3A%3AVPC", "/nowhere"}) {
    EXPECT_TRUE(router.AnswersAnywhere(Get(target))) << target;
  }
  for (const char* target : {"/v1/files", "/v1/resources/Web", "/v1/plan", "/v1/events",
                             "/v1/events?follow=1", "/metrics"}) {
    EXPECT_FALSE(router.AnswersAnywhere(Get(target))) << target;
  }
  EXPECT_FALSE(router.AnswersAnywhere(Request{"POST", "/v1/reconcile", "", "", true, ""}));
  EXPECT_FALSE(router.AnswersAnywhere(Request{"POST", "/v1/reload", "", "", true, ""}));
  EXPECT_EQ(router.Handle(Get("/v1/status")).body, R"({"phase": "ready"})");
}

// GET /v1/resources/%FF%FE once made the encoder throw, and the session died unanswered.
TEST(RouterTest, BytesThatAreNotUtf8AreAnsweredWithReplacementCharacters) {
  FakeBackend backend;
  Router router(backend, "");
  const Response missing = router.Handle(Get("/v1/resources/%FF%FE"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["message"], "no resource \uFFFD\uFFFD");
  const Response filtered = router.Handle(Get("/v1/resources?type=caf%E9"));
  EXPECT_EQ(nlohmann::json::parse(filtered.Text())["filters"]["type"], "caf\uFFFD");
  EXPECT_EQ(router.Handle(Get("/nowhere/%C3%28")).status, 404);
}

struct HostCase {
  const char* reason;
  std::string host;
  std::string authorization;
  bool trusted_peer;
  int expected_status;
};

class RouterHostTest : public ::testing::TestWithParam<HostCase> {};

// A page in a local browser can point its own name at 127.0.0.1 and read what it fetches from
// there; it cannot make the browser send an IP address as Host, nor the token.
TEST_P(RouterHostTest, TcpReadsNeedAnAddressOrLocalhostAsHostOrTheToken) {
  FakeBackend backend;
  Router router(backend, "s3cret");
  Request request = Get("/v1/status");
  request.host = GetParam().host;
  request.authorization = GetParam().authorization;
  request.trusted_peer = GetParam().trusted_peer;
  EXPECT_EQ(router.Handle(request).status, GetParam().expected_status) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RouterHostTest,
    ::testing::Values(
        HostCase{"loopback address with port", "127.0.0.1:8080", "", false, 200},
        HostCase{"loopback address", "127.0.0.1", "", false, 200},
        HostCase{"IPv6 loopback", "[::1]:8080", "", false, 200},
        HostCase{"localhost", "localhost:8080", "", false, 200},
        HostCase{"another address", "10.1.2.3:8080", "", false, 200},
        HostCase{"no Host (HTTP/1.0)", "", "", false, 200},
        HostCase{"a DNS name", "evil.example:8080", "", false, 403},
        HostCase{"a name like an address", "127.0.0.1.evil.example", "", false, 403},
        HostCase{"localhost as a subdomain", "localhost.evil.example", "", false, 403},
        HostCase{"a broken IPv6 literal", "[::1", "", false, 403},
        HostCase{"a DNS name with the token", "daemon.internal", "Bearer s3cret", false, 200},
        HostCase{"a DNS name with a wrong token", "daemon.internal", "Bearer nope", false, 403},
        HostCase{"a DNS name over the unix socket", "anything", "", true, 200}));

TEST(RouterTest, ANewTokenReplacesTheOldOne) {
  FakeBackend backend;
  Router router(backend, "old");
  router.set_token("new");
  EXPECT_EQ(router.Handle(Request{"POST", "/v1/reload", "", "Bearer old", false, ""}).status, 401);
  EXPECT_EQ(router.Handle(Request{"POST", "/v1/reload", "", "Bearer new", false, ""}).status, 202);
}

TEST(SplitTargetTest, DecodesPathAndQuery) {
  auto [path, query] = SplitTarget("/v1/resources?type=AWS%3A%3AEC2%3A%3AVPC&state=Ready&flag");
  EXPECT_EQ(path, "/v1/resources");
  EXPECT_EQ(query.at("type"), "AWS::EC2::VPC");
  EXPECT_EQ(query.at("state"), "Ready");
  EXPECT_EQ(query.at("flag"), "");
}

// The API on a thread of its own, as the daemon runs it: snapshot reads are answered while the
// daemon's loop is busy (here: not running at all); the other requests wait for the loop and
// are answered on it.
namespace asio = boost::asio;
namespace http = boost::beast::http;

class LoopBackend : public Backend {
 public:
  bool Ready() const override { return true; }
  std::string Status() const override { return R"({"phase": "ready"})"; }
  nlohmann::json Files() const override {
    files_thread = std::this_thread::get_id();
    return {{"files", nlohmann::json::array()}};
  }
  nlohmann::json Reload() override { return {}; }
  SharedText Resources(const std::map<std::string, std::string>&) const override {
    return std::make_shared<const std::string>(R"({"resources": []})");
  }
  std::optional<nlohmann::json> Resource(std::string_view) const override { return std::nullopt; }
  nlohmann::json Plan() const override { return {}; }
  EventTexts Events(std::uint64_t) const override { return {}; }
  std::optional<nlohmann::json> Reconcile(std::optional<std::string>) override { return {}; }
  nlohmann::json ApproveDeletions() override { return {}; }
  std::string Metrics() const override { return ""; }
  int SubscribeEvents(std::function<void(const nlohmann::json&)>) override { return 1; }
  void UnsubscribeEvents(int) override {}

  mutable std::atomic<std::thread::id> files_thread;
};

// A blocking GET over loopback, bounded by a 10 s receive timeout.
// The status of the answer, -1 when none came; its body in `body` when asked.
int HttpGetOverLoopback(std::uint16_t port, const std::string& target,
                        std::string* body = nullptr) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  timeval timeout{10, 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, "127.0.0.1");
  http::write(socket, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  boost::beast::error_code error;
  http::read(socket, buffer, response, error);
  if (body != nullptr) *body = response.body();
  return error ? -1 : response.result_int();
}

TEST(HttpServerThreadsTest, SnapshotReadsNeverWaitForTheLoop) {
  asio::io_context api_io;
  asio::io_context loop_io;
  auto loop_work = asio::make_work_guard(loop_io);
  LoopBackend backend;
  Router router(backend, "");
  HttpServer server(api_io.get_executor(), router, ServerLimits{}, loop_io.get_executor());
  auto port = server.ListenTcp("127.0.0.1:0");
  ASSERT_TRUE(port.has_value());
  std::thread api_thread([&] { api_io.run(); });

  // The loop is busy (not running): status and the list are answered all the same.
  EXPECT_EQ(HttpGetOverLoopback(*port, "/v1/status"), 200);
  EXPECT_EQ(HttpGetOverLoopback(*port, "/v1/resources"), 200);
  EXPECT_EQ(HttpGetOverLoopback(*port, "/readyz"), 200);
  auto files =
      std::async(std::launch::async, [&] { return HttpGetOverLoopback(*port, "/v1/files"); });
  EXPECT_EQ(files.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
      << "files wait for the loop";
  EXPECT_EQ(server.BusySessions(), 1u);

  std::thread loop_thread([&] { loop_io.run(); });
  EXPECT_EQ(files.get(), 200);
  EXPECT_EQ(backend.files_thread.load(), loop_thread.get_id()) << "files are read on the loop";
  server.Stop();
  loop_work.reset();
  loop_thread.join();
  api_io.stop();
  api_thread.join();
}

// The whole resource list is sent from the text the backend holds: every byte of a list of
// several megabytes arrives, request after request.
TEST(HttpServerThreadsTest, ALargeSharedAnswerArrivesWhole) {
  class LargeList : public FakeBackend {
   public:
    SharedText Resources(const std::map<std::string, std::string>&) const override { return text; }
    SharedText text = std::make_shared<const std::string>("{\"resources\":[\"" +
                                                          std::string(3 << 20, 'x') + "\"]}\n");
  };
  asio::io_context api_io;
  LargeList backend;
  Router router(backend, "");
  HttpServer server(api_io.get_executor(), router);
  auto port = server.ListenTcp("127.0.0.1:0");
  ASSERT_TRUE(port.has_value());
  std::thread api_thread([&] { api_io.run(); });
  for (int request = 0; request < 2; ++request) {
    std::string body;
    EXPECT_EQ(HttpGetOverLoopback(*port, "/v1/resources", &body), 200);
    EXPECT_EQ(body.size(), backend.text->size());
    EXPECT_TRUE(body == *backend.text) << "request " << request;
  }
  server.Stop();
  api_io.stop();
  api_thread.join();
}

}  // namespace
}  // namespace awsr::api
