// Each credential source of the chain: temp files, a local IMDS stand-in, and STS on the fake.
#include "daemon/aws/credential_chain.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "daemon/aws/aws_client.h"
#include "daemon/aws/credential_parsing.h"
#include "daemon/aws/refreshing_credentials.h"
#include "daemon/aws/static_credentials.h"
#include "tests/support/fake_aws.h"
#include "tests/support/run_awaitable.h"

namespace awsr::aws {
namespace {

namespace fs = std::filesystem;
using awsr::testing::RunAwaitable;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "awsr-creds-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

class CredentialChainTest : public ::testing::Test {
 protected:
  Result<Credentials> Resolve(const Environment& env, CredentialChainSettings settings = {}) {
    chain_ = std::make_unique<CredentialChain>(io_.get_executor(), env, settings);
    return RunAwaitable(io_, chain_->Get());
  }
  Environment BaseEnv() const {
    return Environment({{"HOME", dir_.path()}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  }

  boost::asio::io_context io_;
  TempDir dir_;
  std::unique_ptr<CredentialChain> chain_;
};

TEST_F(CredentialChainTest, EnvironmentComesFirst) {
  Environment env = BaseEnv();
  env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.Set("AWS_SECRET_ACCESS_KEY", "secret");
  env.Set("AWS_SESSION_TOKEN", "token");
  env.Set("CREDENTIALS_DIRECTORY", dir_.path());
  dir_.Write("aws_access_key_id", "AKIDSYSTEMD\n");
  dir_.Write("aws_secret_access_key", "s\n");
  auto credentials = Resolve(env);
  ASSERT_TRUE(credentials.has_value());
  EXPECT_EQ(credentials->access_key_id, "AKIDENV");
  EXPECT_EQ(credentials->session_token, "token");
  EXPECT_EQ(chain_->Source(), "environment");
}

TEST_F(CredentialChainTest, SystemdCredentialsDirectory) {
  Environment env = BaseEnv();
  env.Set("CREDENTIALS_DIRECTORY", dir_.path());
  dir_.Write("aws_access_key_id", "AKIDSYSTEMD\n");
  dir_.Write("aws_secret_access_key", "secret\n");
  auto credentials = Resolve(env);
  ASSERT_TRUE(credentials.has_value());
  EXPECT_EQ(credentials->access_key_id, "AKIDSYSTEMD");
  EXPECT_EQ(credentials->secret_access_key, "secret");
  EXPECT_EQ(chain_->Source(), "systemd-credentials");
}

TEST_F(CredentialChainTest, ProfileFromSharedFilesCredentialsFileWins) {
  Environment env = BaseEnv();
  env.Set("AWS_PROFILE", "dev");
  env.Set("AWS_SHARED_CREDENTIALS_FILE",
          dir_.Write("creds", "[dev]\naws_access_key_id = AKIDCREDS\naws_secret_access_key=s1\n"));
  env.Set("AWS_CONFIG_FILE", dir_.Write("config",
                                        "# comment\n[profile dev]\nregion = eu-west-1\n"
                                        "aws_access_key_id = AKIDCONFIG\n"));
  auto credentials = Resolve(env);
  ASSERT_TRUE(credentials.has_value()) << credentials.error().Describe();
  EXPECT_EQ(credentials->access_key_id, "AKIDCREDS");
  EXPECT_EQ(chain_->Source(), "profile:dev");
}

TEST_F(CredentialChainTest, MissingNamedProfileIsAnError) {
  Environment env = BaseEnv();
  env.Set("AWS_PROFILE", "nope");
  auto credentials = Resolve(env);
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::kAccessDenied);
}

TEST_F(CredentialChainTest, NothingConfiguredIsAccessDenied) {
  auto credentials = Resolve(BaseEnv());
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(chain_->Source(), "");
}

TEST_F(CredentialChainTest, CredentialProcess) {
  Environment env = BaseEnv();
  env.Set("AWS_CONFIG_FILE", dir_.Write("config", "[default]\ncredential_process = cat " +
                                                      dir_.path() + "/out.json\n"));
  dir_.Write("out.json", R"({"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s",
                             "SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"})");
  auto credentials = Resolve(env);
  ASSERT_TRUE(credentials.has_value()) << credentials.error().Describe();
  EXPECT_EQ(credentials->access_key_id, "AKIDPROC");
  EXPECT_EQ(credentials->session_token, "t");
  EXPECT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(chain_->Source(), "credential-process profile:default");
}

TEST_F(CredentialChainTest, FailingCredentialProcessIsAnError) {
  Environment env = BaseEnv();
  env.Set("AWS_CONFIG_FILE", dir_.Write("config", "[default]\ncredential_process = false\n"));
  auto credentials = Resolve(env);
  ASSERT_FALSE(credentials.has_value());
}

// "Version": "1" once threw out of the fetch and left every later AWS call waiting forever.
TEST_F(CredentialChainTest, CredentialProcessPrintingVersionAsAStringIsAnErrorEveryTime) {
  Environment env = BaseEnv();
  env.Set("AWS_CONFIG_FILE", dir_.Write("config", "[default]\ncredential_process = cat " +
                                                      dir_.path() + "/out.json\n"));
  dir_.Write("out.json", R"({"Version": "1", "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s"})");
  auto first = Resolve(env);
  ASSERT_FALSE(first.has_value());
  EXPECT_NE(first.error().message.find("Version"), std::string::npos);
  auto second = RunAwaitable(io_, chain_->Get(), std::chrono::seconds(10));
  EXPECT_FALSE(second.has_value()) << "answered, not left waiting";
}

TEST_F(CredentialChainTest, InvalidateReadsTheFilesAgain) {
  Environment env = BaseEnv();
  env.Set("AWS_SHARED_CREDENTIALS_FILE", dir_.Write("credentials",
                                                    "[default]\naws_access_key_id = AKIDOLD\n"
                                                    "aws_secret_access_key = s\n"));
  ASSERT_EQ(Resolve(env)->access_key_id, "AKIDOLD");
  dir_.Write("credentials", "[default]\naws_access_key_id = AKIDNEW\naws_secret_access_key = s\n");
  EXPECT_EQ(RunAwaitable(io_, chain_->Get())->access_key_id, "AKIDOLD") << "cached";
  chain_->Invalidate();
  EXPECT_EQ(RunAwaitable(io_, chain_->Get())->access_key_id, "AKIDNEW");
}

// A stand-in for the instance metadata service: serves the three IMDSv2 requests on a thread.
class ImdsStandIn {
 public:
  ImdsStandIn() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    listen(listener_, 4);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ImdsStandIn() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  uint16_t port() const { return port_; }
  std::vector<std::string> requests;

 private:
  void Serve() {
    for (;;) {
      int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      timeval timeout{5, 0};
      setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
      std::string buffer;
      char chunk[4096];
      for (;;) {  // keep-alive: one request after another on the same connection
        size_t end;
        while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
          ssize_t n = recv(client, chunk, sizeof(chunk), 0);
          if (n <= 0) break;
          buffer.append(chunk, n);
        }
        if (end == std::string::npos) break;
        std::string head = buffer.substr(0, end);
        buffer.erase(0, end + 4);
        requests.push_back(head.substr(0, head.find("\r\n")));
        std::string body = Answer(head);
        std::string response = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body;
        send(client, response.data(), response.size(), MSG_NOSIGNAL);
        break;  // Connection: close keeps the thread from waiting on an idle socket
      }
      close(client);
    }
  }
  static std::string Answer(const std::string& head) {
    if (head.starts_with("PUT /latest/api/token")) return "imds-token";
    if (head.find("x-aws-ec2-metadata-token: imds-token") == std::string::npos &&
        head.find("X-aws-ec2-metadata-token: imds-token") == std::string::npos) {
      return "missing token";
    }
    if (head.starts_with("GET /latest/meta-data/iam/security-credentials/ ")) return "web-role\n";
    return R"({"Code": "Success", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "s",
               "Token": "imds-session", "Expiration": "2099-01-01T00:00:00Z"})";
  }

  int listener_;
  uint16_t port_ = 0;
  std::thread thread_;
};

TEST_F(CredentialChainTest, InstanceMetadataV2) {
  ImdsStandIn imds;
  Environment env(
      {{"HOME", dir_.path()},
       {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + std::to_string(imds.port())}});
  auto credentials = Resolve(env);
  ASSERT_TRUE(credentials.has_value()) << credentials.error().Describe();
  EXPECT_EQ(credentials->access_key_id, "ASIAIMDS");
  EXPECT_EQ(credentials->session_token, "imds-session");
  EXPECT_EQ(chain_->Source(), "ec2-instance-metadata");
  ASSERT_EQ(imds.requests.size(), 3u);
  EXPECT_EQ(imds.requests[0], "PUT /latest/api/token HTTP/1.1");
}

class StsCredentialsTest : public CredentialChainTest {
 protected:
  static void SetUpTestSuite() { fake_ = new awsr::testing::FakeAws(); }
  static void TearDownTestSuite() { delete fake_; }

  // Creates the role on the fake with the test's long-term keys.
  void CreateRole(const std::string& name) {
    Credentials keys;
    keys.access_key_id = awsr::testing::kFakeAccessKeyId;
    keys.secret_access_key = awsr::testing::kFakeSecretAccessKey;
    ClientSettings settings;
    settings.region = "us-east-1";
    settings.endpoints.endpoint_url = fake_->url();
    AwsClient client(io_.get_executor(), std::make_shared<StaticCredentialProvider>(keys), settings,
                     Environment());
    CallRequest create(
        "iam", "CreateRole",
        {{"RoleName", name},
         {"AssumeRolePolicyDocument", R"({"Version":"2012-10-17","Statement":[]})"}});
    auto created = RunAwaitable(io_, client.Call(create));
    ASSERT_TRUE(created.has_value()) << created.error().Describe();
  }
  CredentialChainSettings FakeSettings() const {
    CredentialChainSettings settings;
    settings.endpoints.endpoint_url = fake_->url();
    return settings;
  }
  // The temporary credentials must work against the fake.
  void ExpectUsable(const Credentials& temporary) {
    ClientSettings settings;
    settings.region = "us-east-1";
    settings.endpoints.endpoint_url = fake_->url();
    AwsClient client(io_.get_executor(), std::make_shared<StaticCredentialProvider>(temporary),
                     settings, Environment());
    auto identity = RunAwaitable(io_, client.Call(CallRequest("sts", "GetCallerIdentity")));
    ASSERT_TRUE(identity.has_value()) << identity.error().Describe();
    EXPECT_NE(identity->data["Arn"].get<std::string>().find("assumed-role"), std::string::npos);
  }

  static awsr::testing::FakeAws* fake_;
};

awsr::testing::FakeAws* StsCredentialsTest::fake_ = nullptr;

TEST_F(StsCredentialsTest, RoleArnWithSourceProfileAssumesTheRole) {
  fake_->Reset();
  CreateRole("deployer");
  Environment env = BaseEnv();
  env.Set("AWS_PROFILE", "deploy");
  env.Set("AWS_SHARED_CREDENTIALS_FILE",
          dir_.Write("creds", std::string("[base]\naws_access_key_id = ") +
                                  awsr::testing::kFakeAccessKeyId + "\naws_secret_access_key = " +
                                  awsr::testing::kFakeSecretAccessKey + "\n"));
  env.Set("AWS_CONFIG_FILE",
          dir_.Write("config",
                     "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/"
                     "deployer\nsource_profile = base\nregion = us-east-1\n"));
  auto credentials = Resolve(env, FakeSettings());
  ASSERT_TRUE(credentials.has_value()) << credentials.error().Describe();
  EXPECT_TRUE(credentials->access_key_id.starts_with("ASIA"));
  EXPECT_FALSE(credentials->session_token.empty());
  EXPECT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(chain_->Source(), "profile:deploy assume-role arn:aws:iam::123456789012:role/deployer");
  ExpectUsable(*credentials);
  // Cached: a second Get does not call STS again.
  ASSERT_TRUE(RunAwaitable(io_, chain_->Get()).has_value());
  EXPECT_EQ(fake_->CallCount("sts", "AssumeRole"), 1);
}

TEST_F(StsCredentialsTest, WebIdentityFromEnvironment) {
  fake_->Reset();
  CreateRole("web");
  Environment env = BaseEnv();
  env.Set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web");
  env.Set("AWS_WEB_IDENTITY_TOKEN_FILE",
          dir_.Write("token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"));
  auto credentials = Resolve(env, FakeSettings());
  ASSERT_TRUE(credentials.has_value()) << credentials.error().Describe();
  EXPECT_EQ(chain_->Source(), "web-identity arn:aws:iam::123456789012:role/web");
  ExpectUsable(*credentials);
}

// --- Refresh: once, however many wait ------------------------------------------------------

boost::asio::awaitable<Result<Credentials>> SlowFetch(
    boost::asio::any_io_executor executor, int* calls,
    const std::chrono::system_clock::time_point* now) {
  ++*calls;
  boost::asio::steady_timer timer(executor, std::chrono::milliseconds(5));
  co_await timer.async_wait(boost::asio::use_awaitable);
  Credentials credentials;
  credentials.access_key_id = "ASIA" + std::to_string(*calls);
  credentials.secret_access_key = "s";
  credentials.expiration = *now + std::chrono::hours(1);
  co_return credentials;
}

boost::asio::awaitable<void> GetInto(RefreshingCredentialProvider* provider,
                                     std::vector<std::string>* keys) {
  auto credentials = co_await provider->Get();
  keys->push_back(credentials ? credentials->access_key_id : "error");
}

TEST(RefreshingCredentialsTest, ConcurrentCallersShareOneFetchAndRefreshBeforeExpiry) {
  boost::asio::io_context io;
  auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
  int calls = 0;
  RefreshingCredentialProvider provider(io.get_executor(), "test",
                                        std::bind(SlowFetch, io.get_executor(), &calls, &now),
                                        [&now] { return now; });
  std::vector<std::string> keys;
  for (int i = 0; i < 10; ++i) {
    boost::asio::co_spawn(io, GetInto(&provider, &keys), boost::asio::detached);
  }
  io.run_for(std::chrono::seconds(10));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(keys, std::vector<std::string>(10, "ASIA1"));

  now += std::chrono::minutes(50);  // 10 minutes left: still fresh
  EXPECT_EQ(RunAwaitable(io, provider.Get())->access_key_id, "ASIA1");
  now += std::chrono::minutes(6);  // 4 minutes left: refreshed early
  EXPECT_EQ(RunAwaitable(io, provider.Get())->access_key_id, "ASIA2");
  EXPECT_EQ(calls, 2);
}

// The first fetch throws once the others are waiting on it (a helper that ran, then printed
// nonsense); the next ones succeed.
boost::asio::awaitable<Result<Credentials>> ThrowingFetch(boost::asio::any_io_executor executor,
                                                          int* calls) {
  ++*calls;
  boost::asio::steady_timer timer(executor, std::chrono::milliseconds(5));
  co_await timer.async_wait(boost::asio::use_awaitable);
  if (*calls == 1) throw std::runtime_error("helper printed nonsense");
  Credentials credentials;
  credentials.access_key_id = "ASIAOK";
  credentials.secret_access_key = "s";
  co_return credentials;
}

TEST(RefreshingCredentialsTest, AFetchThatThrowsIsAnErrorAndTheNextGetFetchesAgain) {
  boost::asio::io_context io;
  int calls = 0;
  RefreshingCredentialProvider provider(io.get_executor(), "test",
                                        std::bind(ThrowingFetch, io.get_executor(), &calls));
  std::vector<std::string> keys;
  for (int i = 0; i < 3; ++i) {
    boost::asio::co_spawn(io, GetInto(&provider, &keys), boost::asio::detached);
  }
  io.run_for(std::chrono::seconds(5));
  EXPECT_EQ(keys, std::vector<std::string>(3, "error")) << "every waiter answered";
  EXPECT_EQ(RunAwaitable(io, provider.Get())->access_key_id, "ASIAOK");
  EXPECT_EQ(calls, 2);
  provider.Invalidate();
  EXPECT_EQ(RunAwaitable(io, provider.Get())->access_key_id, "ASIAOK");
  EXPECT_EQ(calls, 3) << "refused credentials are fetched again";
}

TEST(CredentialParsingTest, ParsesIso8601Variants) {
  auto expected = std::chrono::system_clock::from_time_t(1440938160);
  EXPECT_EQ(ParseIso8601("2015-08-30T12:36:00Z"), expected);
  EXPECT_EQ(ParseIso8601("2015-08-30T12:36:00.123Z"), expected);
  EXPECT_EQ(ParseIso8601("2015-08-30T12:36:00+00:00"), expected);
  EXPECT_FALSE(ParseIso8601("yesterday").has_value());
  // Found by the credentials fuzz target: year 6242 overflowed the nanosecond clock.
  EXPECT_FALSE(ParseIso8601("6242-01-01T00:00:00Z").has_value());
  EXPECT_FALSE(CredentialsFromProcessOutput(R"({"Version": 2})").has_value());
  for (const char* version : {R"("1")", "1.5", "null", "[1]", "true"}) {
    const std::string output = std::string(R"({"Version": )") + version +
                               R"(, "AccessKeyId": "A", "SecretAccessKey": "s"})";
    EXPECT_FALSE(CredentialsFromProcessOutput(output).has_value()) << version;
  }
  EXPECT_TRUE(
      CredentialsFromProcessOutput(R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s"})")
          .has_value());
}

}  // namespace
}  // namespace awsr::aws
