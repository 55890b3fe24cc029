// The client against tests/fakeaws, which verifies every signature: STS, IAM and EC2 calls,
// pagination, and injected throttling, 5xx and connection resets.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>

#include "daemon/aws/aws_client.h"
#include "daemon/aws/static_credentials.h"
#include "daemon/aws/xml_to_json.h"
#include "tests/support/fake_aws.h"
#include "tests/support/run_awaitable.h"

namespace awsr::aws {
namespace {

using awsr::testing::FakeAws;
using awsr::testing::RunAwaitable;
using boost::asio::awaitable;

class AwsClientFakeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { fake_ = new FakeAws(); }
  static void TearDownTestSuite() {
    delete fake_;
    fake_ = nullptr;
  }

  void SetUp() override {
    fake_->Reset();
    fake_->SetFaults(nlohmann::json::object());
    Credentials credentials;
    credentials.access_key_id = awsr::testing::kFakeAccessKeyId;
    credentials.secret_access_key = awsr::testing::kFakeSecretAccessKey;
    credentials.source = "test";
    ClientSettings settings;
    settings.region = "us-east-1";
    settings.endpoints.endpoint_url = fake_->url();
    settings.retry.base_delay = std::chrono::milliseconds(1);  // keep retries instant
    settings.transport.total_timeout = std::chrono::seconds(20);
    transport_ = std::make_shared<BeastTransport>(io_.get_executor(), settings.transport);
    client_ = std::make_unique<AwsClient>(io_.get_executor(),
                                          std::make_shared<StaticCredentialProvider>(credentials),
                                          settings, Environment(), transport_);
  }

  Result<AwsResponse> Call(CallRequest call) { return RunAwaitable(io_, client_->Call(call)); }

  static FakeAws* fake_;
  boost::asio::io_context io_;
  std::shared_ptr<BeastTransport> transport_;
  std::unique_ptr<AwsClient> client_;
};

FakeAws* AwsClientFakeTest::fake_ = nullptr;

TEST_F(AwsClientFakeTest, StsGetCallerIdentity) {
  auto identity = Call(CallRequest("sts", "GetCallerIdentity"));
  ASSERT_TRUE(identity.has_value()) << identity.error().Describe();
  EXPECT_EQ(identity->data["Account"], awsr::testing::kFakeAccountId);
  EXPECT_FALSE(identity->request_id.empty());
}

TEST_F(AwsClientFakeTest, IamPagesWithMarkerAndReusesOneConnection) {
  for (int i = 0; i < 7; ++i) {
    auto created =
        Call(CallRequest("iam", "CreateUser", {{"UserName", "user" + std::to_string(i)}}));
    ASSERT_TRUE(created.has_value()) << created.error().Describe();
  }
  auto pages =
      RunAwaitable(io_, client_->CallAllPages(CallRequest("iam", "ListUsers", {{"MaxItems", 3}})));
  ASSERT_TRUE(pages.has_value()) << pages.error().Describe();
  ASSERT_EQ(pages->size(), 3u);
  size_t users = 0;
  for (const auto& page : *pages) users += AsList(page["Users"]).size();
  EXPECT_EQ(users, 7u);
  EXPECT_EQ(transport_->counters().connections_opened, 1u);
  // Kept alive between requests without its read room, which it takes again when used.
  EXPECT_EQ(transport_->idle_connections(), 1u);
  EXPECT_EQ(transport_->idle_read_room(), 0u);
  auto all = Call(CallRequest("iam", "ListUsers", {}));
  ASSERT_TRUE(all.has_value()) << all.error().Describe();
  EXPECT_EQ(AsList(all->data["Users"]).size(), 7u);
  EXPECT_EQ(transport_->counters().connections_opened, 1u);
  EXPECT_EQ(transport_->idle_read_room(), 0u);
}

TEST_F(AwsClientFakeTest, IamErrorsAreParsedAndClassified) {
  auto missing = Call(CallRequest("iam", "GetUser", {{"UserName", "nobody"}}));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(missing.error().aws_code, "NoSuchEntity");
  EXPECT_EQ(missing.error().http_status, 404);
  EXPECT_FALSE(missing.error().request_id.empty());
  EXPECT_EQ(missing.error().context, "iam:GetUser");
}

TEST_F(AwsClientFakeTest, Ec2CreatesWithTagsAndPagesWithNextToken) {
  for (int i = 0; i < 6; ++i) {
    nlohmann::json params = {
        {"CidrBlock", "10." + std::to_string(i) + ".0.0/16"},
        {"TagSpecification",
         {{{"ResourceType", "vpc"}, {"Tag", {{{"Key", "awsreconciled:owner"}, {"Value", "t"}}}}}}}};
    auto created = Call(CallRequest("ec2", "CreateVpc", params));
    ASSERT_TRUE(created.has_value()) << created.error().Describe();
    EXPECT_EQ(created->data["vpc"]["tagSet"][0]["key"], "awsreconciled:owner");
  }
  CallRequest describe(
      "ec2", "DescribeVpcs",
      {{"MaxResults", 5}, {"Filter", {{{"Name", "tag:awsreconciled:owner"}, {"Value", {"t"}}}}}});
  auto pages = RunAwaitable(io_, client_->CallAllPages(describe));
  ASSERT_TRUE(pages.has_value()) << pages.error().Describe();
  EXPECT_EQ(pages->size(), 2u);
  size_t vpcs = 0;
  for (const auto& page : *pages) vpcs += AsList(page["vpcSet"]).size();
  EXPECT_EQ(vpcs, 6u);
}

TEST_F(AwsClientFakeTest, ThrottlingIsRetriedAndCounted) {
  fake_->SetFaults({{"rules", {{{"kind", "throttle"}, {"count", 2}, {"service", "iam"}}}}});
  auto users = Call(CallRequest("iam", "ListUsers"));
  ASSERT_TRUE(users.has_value()) << users.error().Describe();
  EXPECT_EQ(fake_->CallCount("iam", "ListUsers"), 3);
  CallCounters totals = client_->stats().Total("iam");
  EXPECT_EQ(totals.calls, 1u);
  EXPECT_EQ(totals.retries, 2u);
  EXPECT_EQ(totals.throttles, 2u);
  EXPECT_EQ(totals.errors, 0u);
  EXPECT_EQ(client_->retry_quota_available(), 500);  // refunded on success
}

TEST_F(AwsClientFakeTest, GivesUpAfterThreeAttempts) {
  fake_->SetFaults({{"rules", {{{"kind", "error"}, {"status", 503}, {"service", "ec2"}}}}});
  auto vpcs = Call(CallRequest("ec2", "DescribeVpcs"));
  ASSERT_FALSE(vpcs.has_value());
  EXPECT_EQ(vpcs.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(vpcs.error().http_status, 503);
  EXPECT_EQ(fake_->CallCount("ec2", "DescribeVpcs"), 3);
  EXPECT_EQ(client_->retry_quota_available(), 490);
}

TEST_F(AwsClientFakeTest, ConnectionResetIsRetriedForReads) {
  fake_->SetFaults({{"rules", {{{"kind", "reset"}, {"count", 1}, {"service", "sts"}}}}});
  auto identity = Call(CallRequest("sts", "GetCallerIdentity"));
  ASSERT_TRUE(identity.has_value()) << identity.error().Describe();
  EXPECT_EQ(client_->stats().Total("sts").retries, 1u);
  EXPECT_EQ(client_->retry_quota_available(), 500);
}

TEST_F(AwsClientFakeTest, AmbiguousFailureDoesNotRepeatANonIdempotentCreate) {
  fake_->SetFaults(
      {{"rules",
        {{{"kind", "error"}, {"status", 500}, {"count", 1}, {"operation", "CreateUser"}}}}});
  auto created = Call(CallRequest("iam", "CreateUser", {{"UserName", "once"}}));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(fake_->CallCount("iam", "CreateUser"), 1);
}

awaitable<Result<std::optional<nlohmann::json>>> UserExists(AwsClient* client, std::string name) {
  CallRequest get("iam", "GetUser", {{"UserName", name}});
  auto user = co_await client->Call(get);
  if (user) co_return std::optional<nlohmann::json>(user->data);
  if (user.error().kind == ErrorKind::kNotFound) co_return std::optional<nlohmann::json>();
  co_return user.error();
}

TEST_F(AwsClientFakeTest, CheckBeforeRetryLetsACreateRetrySafely) {
  fake_->SetFaults(
      {{"rules",
        {{{"kind", "error"}, {"status", 503}, {"count", 1}, {"operation", "CreateUser"}}}}});
  CallRequest create("iam", "CreateUser", {{"UserName", "checked"}});
  create.retry_check = std::bind(UserExists, client_.get(), std::string("checked"));
  auto created = Call(create);
  ASSERT_TRUE(created.has_value()) << created.error().Describe();
  EXPECT_EQ(fake_->CallCount("iam", "CreateUser"), 2);
  EXPECT_EQ(fake_->CallCount("iam", "GetUser"), 1);
  auto users = Call(CallRequest("iam", "ListUsers"));
  EXPECT_EQ(AsList(users->data["Users"]).size(), 1u);
}

TEST_F(AwsClientFakeTest, ClientTokenMakesRunInstancesRetryWithoutDuplicates) {
  auto vpc = Call(CallRequest("ec2", "CreateVpc", {{"CidrBlock", "10.9.0.0/16"}}));
  ASSERT_TRUE(vpc.has_value());
  auto subnet = Call(CallRequest(
      "ec2", "CreateSubnet", {{"VpcId", vpc->data["vpc"]["vpcId"]}, {"CidrBlock", "10.9.1.0/24"}}));
  ASSERT_TRUE(subnet.has_value()) << subnet.error().Describe();
  fake_->SetFaults({{"rules", {{{"kind", "reset"}, {"count", 1}, {"operation", "RunInstances"}}}}});
  CallRequest run("ec2", "RunInstances",
                  {{"ImageId", "ami-00000000000000001"},
                   {"InstanceType", "t3.micro"},
                   {"MinCount", 1},
                   {"MaxCount", 1},
                   {"SubnetId", subnet->data["subnet"]["subnetId"]},
                   {"ClientToken", "token-1"}});
  auto instances = Call(run);
  ASSERT_TRUE(instances.has_value()) << instances.error().Describe();
  auto described = Call(CallRequest("ec2", "DescribeInstances"));
  ASSERT_TRUE(described.has_value());
  EXPECT_EQ(AsList(described->data["reservationSet"]).size(), 1u);
}

// The fake answers CreateUser only after `seconds`, once; returns when that answer went out.
void WaitForDelayedCreates(FakeAws* fake, int expected) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (fake->CallCount("iam", "CreateUser") < expected &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// The server may still be working on a request whose answer timed out: sending it again on
// a fresh connection would create twice.
TEST_F(AwsClientFakeTest, ATimeoutOnAKeptAliveConnectionDoesNotSendACreateAgain) {
  ClientSettings settings;
  settings.region = "us-east-1";
  settings.endpoints.endpoint_url = fake_->url();
  settings.transport.read_timeout = std::chrono::milliseconds(300);
  Credentials credentials;
  credentials.access_key_id = awsr::testing::kFakeAccessKeyId;
  credentials.secret_access_key = awsr::testing::kFakeSecretAccessKey;
  AwsClient client(io_.get_executor(), std::make_shared<StaticCredentialProvider>(credentials),
                   settings, Environment());
  ASSERT_TRUE(RunAwaitable(io_, client.Call(CallRequest("iam", "ListUsers"))).has_value());
  fake_->SetFaults(
      {{"rules",
        {{{"kind", "latency"}, {"seconds", 1.0}, {"count", 1}, {"operation", "CreateUser"}}}}});
  auto created =
      RunAwaitable(io_, client.Call(CallRequest("iam", "CreateUser", {{"UserName", "once"}})));
  ASSERT_FALSE(created.has_value()) << "answered by a second CreateUser";
  EXPECT_EQ(created.error().aws_code, kTimeout);
  WaitForDelayedCreates(fake_, 1);
  EXPECT_EQ(fake_->CallCount("iam", "CreateUser"), 1);
}

// The fake's clock an hour ahead of ours: every signature is refused until the client learns
// the offset from the Date of the refusal; EC2 refuses with its own code.
TEST_F(AwsClientFakeTest, AClockFarFromAwsIsCorrectedFromTheDateOfTheRefusal) {
  fake_->SetFaults({{"clock_skew", 3600}});
  auto identity = Call(CallRequest("sts", "GetCallerIdentity"));
  ASSERT_TRUE(identity.has_value()) << identity.error().Describe();
  EXPECT_NEAR(std::chrono::duration<double>(client_->clock_correction()).count(), 3600, 10);
  auto vpcs = Call(CallRequest("ec2", "DescribeVpcs"));
  ASSERT_TRUE(vpcs.has_value()) << vpcs.error().Describe();
  EXPECT_EQ(client_->stats().Total("sts").retries, 0u) << "outside the retry budget";

  fake_->SetFaults({{"clock_skew", -1800}});  // the other way, and a create: sent again safely
  auto created = Call(CallRequest("iam", "CreateUser", {{"UserName", "skewed"}}));
  ASSERT_TRUE(created.has_value()) << created.error().Describe();
  auto users = Call(CallRequest("iam", "ListUsers"));
  ASSERT_TRUE(users.has_value());
  EXPECT_EQ(AsList(users->data["Users"]).size(), 1u);
}

// Hands out the credentials it holds, the next ones after each Invalidate().
class ScriptedCredentials : public CredentialProvider {
 public:
  explicit ScriptedCredentials(std::vector<Credentials> script) : script_(std::move(script)) {}
  awaitable<Result<Credentials>> Get() override { co_return script_.at(current_); }
  std::string Source() const override { return "scripted"; }
  void Invalidate() override {
    ++current_;
    ++invalidations;
  }
  int invalidations = 0;

 private:
  std::vector<Credentials> script_;
  std::size_t current_ = 0;
};

Credentials FromSessionToken(const Result<AwsResponse>& response) {
  const auto& issued = response->data["Credentials"];
  Credentials credentials;
  credentials.access_key_id = issued["AccessKeyId"].get<std::string>();
  credentials.secret_access_key = issued["SecretAccessKey"].get<std::string>();
  credentials.session_token = issued["SessionToken"].get<std::string>();
  return credentials;
}

// Temporary credentials AWS holds for expired while our clock says otherwise are fetched again.
TEST_F(AwsClientFakeTest, ExpiredTokenFetchesTheCredentialsAgain) {
  auto stale = Call(CallRequest("sts", "GetSessionToken", {{"DurationSeconds", 900}}));
  ASSERT_TRUE(stale.has_value()) << stale.error().Describe();
  fake_->SetFaults({{"clock_skew", 600}});  // AWS's clock runs 10 minutes ahead: 5 left
  auto fresh = Call(CallRequest("sts", "GetSessionToken", {{"DurationSeconds", 900}}));
  ASSERT_TRUE(fresh.has_value()) << fresh.error().Describe();
  fake_->SetFaults({{"clock_skew", 1000}});  // the first has expired, the second has not
  auto provider = std::make_shared<ScriptedCredentials>(
      std::vector<Credentials>{FromSessionToken(stale), FromSessionToken(fresh)});
  ClientSettings settings;
  settings.region = "us-east-1";
  settings.endpoints.endpoint_url = fake_->url();
  AwsClient client(io_.get_executor(), provider, settings, Environment());
  auto identity = RunAwaitable(io_, client.Call(CallRequest("iam", "ListUsers")));
  ASSERT_TRUE(identity.has_value()) << identity.error().Describe();
  EXPECT_EQ(provider->invalidations, 1);
}

}  // namespace
}  // namespace awsr::aws
