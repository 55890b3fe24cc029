#include "config/settings.h"

#include <gtest/gtest.h>

namespace awsr::config {
namespace {

TEST(SettingsTest, EmptyObjectGivesDefaults) {
  auto settings = ParseSettings("{}");
  ASSERT_TRUE(settings.has_value()) << settings.error().Describe();
  EXPECT_EQ(settings->region, "us-east-1");
  EXPECT_EQ(settings->owner, "awsreconciled");
  EXPECT_EQ(settings->desired_dir, "/etc/awsreconciled/desired.d");
  EXPECT_EQ(settings->api.unix_socket, "/run/awsreconciled/api.sock");
  EXPECT_EQ(settings->mode, Mode::kApply);
  EXPECT_EQ(settings->poll_interval, std::chrono::minutes(5));
  EXPECT_EQ(settings->detail_reads.per_cycle, 200);
  EXPECT_EQ(settings->detail_reads.per_service, 100);
}

TEST(SettingsTest, EveryKeyIsRead) {
  auto settings = ParseSettings(R"({
    "region": "eu-west-1", "profile": "ops", "endpoint_url": "http://127.0.0.1:4566",
    "service_endpoints": {"iam": "https://iam.example.com"}, "owner": "team-a",
    "desired_dir": "/srv/desired", "state_dir": "/srv/state", "poll_interval": "30s",
    "consistency_grace": "90s",
    "api": {"unix_socket": "", "tcp": "127.0.0.1:9000", "token_file": "/etc/token"},
    "concurrency": {"global": 4, "per_service": 2}, "mode": "plan",
    "max_deletions_per_cycle": 3, "log_level": "debug",
    "detail_reads": {"per_cycle": 50, "per_service": 20}, "pace_requests": false})");
  ASSERT_TRUE(settings.has_value()) << settings.error().Describe();
  EXPECT_EQ(settings->region, "eu-west-1");
  EXPECT_EQ(settings->profile, "ops");
  EXPECT_EQ(settings->service_endpoints.at("iam"), "https://iam.example.com");
  EXPECT_EQ(settings->poll_interval, std::chrono::seconds(30));
  EXPECT_EQ(settings->consistency_grace, std::chrono::seconds(90));
  EXPECT_EQ(settings->api.tcp, "127.0.0.1:9000");
  EXPECT_EQ(settings->concurrency.per_service, 2);
  EXPECT_EQ(settings->mode, Mode::kPlan);
  EXPECT_EQ(settings->max_deletions_per_cycle, 3);
  EXPECT_EQ(settings->detail_reads.per_cycle, 50);
  EXPECT_EQ(settings->detail_reads.per_service, 20);
  EXPECT_FALSE(settings->pace_requests);
}

struct BadConfigCase {
  const char* reason;
  const char* text;
  const char* expected_in_message;
};

class BadConfigTest : public ::testing::TestWithParam<BadConfigCase> {};

TEST_P(BadConfigTest, IsAnErrorNamingTheKey) {
  auto settings = ParseSettings(GetParam().text);
  ASSERT_FALSE(settings.has_value()) << GetParam().reason;
  EXPECT_NE(settings.error().message.find(GetParam().expected_in_message), std::string::npos)
      << GetParam().reason << ": " << settings.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadConfigTest,
    ::testing::Values(
        BadConfigCase{"not JSON", "{", "not valid JSON"},
        BadConfigCase{"top level not an object", "[]", "config key /: must be an object"},
        BadConfigCase{"unknown key", R"({"regoin": "us-east-1"})", "/regoin: unknown key"},
        BadConfigCase{"unknown nested key", R"({"api": {"port": 1}})", "/api/port: unknown key"},
        BadConfigCase{"wrong type", R"({"region": 5})", "/region: must be a string"},
        BadConfigCase{"bad region", R"({"region": "mars"})", "/region: \"mars\" is not"},
        BadConfigCase{"bad mode", R"({"mode": "yolo"})", "/mode: must be one of apply, plan"},
        BadConfigCase{"bad level", R"({"log_level": "loud"})", "/log_level: must be one of"},
        BadConfigCase{"negative deletions", R"({"max_deletions_per_cycle": -1})",
                      "/max_deletions_per_cycle: must be between 0"},
        BadConfigCase{"no detail reads at all", R"({"detail_reads": {"per_cycle": 0}})",
                      "/detail_reads/per_cycle: must be between 1"},
        BadConfigCase{"pacing as a word", R"({"pace_requests": "yes"})",
                      "/pace_requests: must be true or false"},
        BadConfigCase{"relative dir", R"({"desired_dir": "desired"})",
                      "/desired_dir: must be an absolute path"},
        BadConfigCase{"bad duration", R"({"poll_interval": "5 minutes"})", "/poll_interval"},
        BadConfigCase{"too short poll", R"({"poll_interval": "10ms"})",
                      "/poll_interval: must be between 1s and 24h"},
        BadConfigCase{"no grace", R"({"consistency_grace": 0})",
                      "/consistency_grace: must be between 1s and 1h"},
        BadConfigCase{"grace as a list", R"({"consistency_grace": ["5s"]})",
                      "/consistency_grace: must be seconds"},
        BadConfigCase{"http to a remote host", R"({"endpoint_url": "http://aws.example.com"})",
                      "/endpoint_url: plain http:// is allowed only for loopback"},
        BadConfigCase{"remote tcp without token", R"({"api": {"tcp": "0.0.0.0:80"}})",
                      "/api/tcp: a non-loopback address needs api.token_file"},
        BadConfigCase{"port out of range", R"({"api": {"tcp": "127.0.0.1:99999"}})",
                      "/api/tcp: port 99999 is over 65535"},
        BadConfigCase{"port just out of range", R"({"api": {"tcp": "[::1]:65536"}})",
                      "/api/tcp: port 65536 is over 65535"},
        BadConfigCase{"no listener", R"({"api": {"unix_socket": ""}})", "/api: needs"},
        BadConfigCase{"bad owner", R"({"owner": "a b"})", "/owner: must be"},
        BadConfigCase{"concurrency zero", R"({"concurrency": {"global": 0}})",
                      "/concurrency/global: must be between 1"}),
    [](const auto& info) {
      std::string name = info.param.reason;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(DurationTest, Units) {
  EXPECT_EQ(*ParseDuration("90"), std::chrono::seconds(90));
  EXPECT_EQ(*ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(*ParseDuration("5m"), std::chrono::minutes(5));
  EXPECT_EQ(*ParseDuration("2h"), std::chrono::hours(2));
  EXPECT_FALSE(ParseDuration("5d").has_value());
  EXPECT_FALSE(ParseDuration("").has_value());
}

// Found by the settings fuzz target: seconds that overflow the clock once in nanoseconds.
TEST(DurationTest, TooLongIsAnErrorNotAnOverflow) {
  EXPECT_EQ(*ParseDuration("87600h"), std::chrono::hours(87600));
  EXPECT_FALSE(ParseDuration("9999990000999999").has_value());
  EXPECT_FALSE(ParseDuration("9223372036854775807ms").has_value());
  EXPECT_FALSE(ParseDuration("100000000h").has_value());
}

}  // namespace
}  // namespace awsr::config
