// A fixture for EC2 reconcilers against tests/fakeaws: one fake per test suite, reset before
// each test, and a real AwsClient signing for it. Also builds desired resources as the engine
// would hand them over.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <set>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/aws/static_credentials.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/engine/reconciler.h"
#include "tests/support/fake_aws.h"
#include "tests/support/run_awaitable.h"

namespace awsr::reconcilers::ec2 {

inline constexpr char kTestOwner[] = "test-owner";
inline constexpr char kTestRegion[] = "us-east-1";

inline engine::DesiredResource MakeDesired(std::string logical_id, std::string type,
                                           nlohmann::json properties, std::string name = "") {
  engine::DesiredResource desired;
  desired.logical_id = logical_id;
  desired.type = std::move(type);
  desired.region = kTestRegion;
  desired.properties = std::move(properties);
  desired.name = std::move(name);
  desired.ownership_tags = {{std::string(engine::kOwnerTag), kTestOwner},
                            {std::string(engine::kLogicalIdTag), logical_id},
                            {std::string(engine::kDeletionPolicyTag), "Delete"}};
  return desired;
}

// A client that never sends anything: enough for the pure parts of a reconciler.
class OfflineClient {
 public:
  OfflineClient()
      : client_(io_.get_executor(),
                std::make_shared<aws::StaticCredentialProvider>(aws::Credentials{}), Settings(),
                aws::Environment()) {}
  aws::AwsClient& get() { return client_; }

 private:
  static aws::ClientSettings Settings() {
    aws::ClientSettings settings;
    settings.region = kTestRegion;
    return settings;
  }

  boost::asio::io_context io_;
  aws::AwsClient client_;
};

class Ec2FakeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { fake_ = new awsr::testing::FakeAws(); }
  static void TearDownTestSuite() {
    delete fake_;
    fake_ = nullptr;
  }

  // The client exists from construction, so derived fixtures can hand it to a reconciler.
  Ec2FakeTest() : client_(MakeClient()) {}

  void SetUp() override {
    fake_->Reset();
    fake_->SetFaults(nlohmann::json::object());
  }

  std::unique_ptr<aws::AwsClient> MakeClient() {
    aws::Credentials credentials;
    credentials.access_key_id = awsr::testing::kFakeAccessKeyId;
    credentials.secret_access_key = awsr::testing::kFakeSecretAccessKey;
    credentials.source = "test";
    aws::ClientSettings settings;
    settings.region = kTestRegion;
    settings.endpoints.endpoint_url = fake_->url();
    settings.retry.base_delay = std::chrono::milliseconds(1);
    settings.transport.total_timeout = std::chrono::seconds(20);
    return std::make_unique<aws::AwsClient>(
        io_.get_executor(), std::make_shared<aws::StaticCredentialProvider>(credentials), settings,
        aws::Environment(),
        std::make_shared<aws::BeastTransport>(io_.get_executor(), settings.transport));
  }

  template <typename T>
  T Run(boost::asio::awaitable<T> task) {
    return awsr::testing::RunAwaitable(io_, std::move(task));
  }

  // A call made outside any reconciler, as a person at the console would; must succeed.
  nlohmann::json OutOfBand(std::string operation, nlohmann::json params) {
    auto response = Run(client_->Call(aws::CallRequest("ec2", std::move(operation), params)));
    EXPECT_TRUE(response.has_value()) << response.error().Describe();
    return response ? response->data : nlohmann::json();
  }

  std::string CreateVpcOutOfBand(const std::string& cidr) {
    return OutOfBand("CreateVpc", {{"CidrBlock", cidr}})["vpc"]["vpcId"].get<std::string>();
  }

  int Calls(const std::string& operation) { return fake_->CallCount("ec2", operation); }

  engine::ObserveScope Scope(std::vector<std::string> identity_keys = {},
                             std::set<std::string> properties_in_use = {}) {
    return engine::ObserveScope{kTestRegion, kTestOwner, std::move(identity_keys),
                                std::move(properties_in_use)};
  }

  inline static awsr::testing::FakeAws* fake_ = nullptr;
  boost::asio::io_context io_;  // before client_, which uses it
  std::unique_ptr<aws::AwsClient> client_;
};

}  // namespace awsr::reconcilers::ec2
