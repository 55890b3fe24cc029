#include "daemon/aws/endpoints.h"

#include <gtest/gtest.h>

namespace awsr::aws {
namespace {

struct Row {
  std::string reason;
  std::string service;
  std::string region;
  std::map<std::string, std::string> env;
  EndpointSettings settings;
  std::string url;
  std::string signing_region;
};

TEST(EndpointsTest, ResolvesStandardNamesAndOverridesInPrecedenceOrder) {
  EndpointSettings config_global;
  config_global.endpoint_url = "http://127.0.0.1:9000";
  EndpointSettings config_ec2 = config_global;
  config_ec2.service_urls["ec2"] = "http://localhost:9001";
  const std::vector<Row> rows = {
      {"regional service", "ec2", "eu-west-1", {}, {}, "https://ec2.eu-west-1.amazonaws.com",
       "eu-west-1"},
      {"IAM is global, signed for us-east-1", "iam", "eu-west-1", {}, {},
       "https://iam.amazonaws.com", "us-east-1"},
      {"STS is regional", "sts", "eu-west-3", {}, {}, "https://sts.eu-west-3.amazonaws.com",
       "eu-west-3"},
      {"ECR host differs from signing name", "ecr", "us-west-2", {}, {},
       "https://api.ecr.us-west-2.amazonaws.com", "us-west-2"},
      {"China partition", "ec2", "cn-north-1", {}, {}, "https://ec2.cn-north-1.amazonaws.com.cn",
       "cn-north-1"},
      {"config global override", "sts", "us-east-1", {}, config_global, "http://127.0.0.1:9000",
       "us-east-1"},
      {"config per-service beats config global", "ec2", "us-east-1", {}, config_ec2,
       "http://localhost:9001", "us-east-1"},
      {"env global beats config global", "sts", "us-east-1",
       {{"AWS_ENDPOINT_URL", "http://127.0.0.2:1"}}, config_global, "http://127.0.0.2:1",
       "us-east-1"},
      {"env per-service beats everything", "ec2", "us-east-1",
       {{"AWS_ENDPOINT_URL", "http://127.0.0.2:1"}, {"AWS_ENDPOINT_URL_EC2", "https://ec2.x:8443/p/"}},
       config_ec2, "https://ec2.x:8443/p", "us-east-1"},
      {"env names use the SDK service id", "secretsmanager", "us-east-1",
       {{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://[::1]:4566"}}, {}, "http://[::1]:4566",
       "us-east-1"},
      {"override keeps IAM's signing region", "iam", "eu-west-1",
       {{"AWS_ENDPOINT_URL", "http://127.0.0.1:80"}}, {}, "http://127.0.0.1", "us-east-1"},
  };
  for (const Row& row : rows) {
    auto endpoint = ResolveEndpoint(row.service, row.region, row.settings, Environment(row.env));
    ASSERT_TRUE(endpoint.has_value()) << row.reason << ": " << endpoint.error().Describe();
    EXPECT_EQ(endpoint->Url(), row.url) << row.reason;
    EXPECT_EQ(endpoint->signing_region, row.signing_region) << row.reason;
  }
}

TEST(EndpointsTest, PlainHttpOnlyForLoopback) {
  EXPECT_TRUE(ParseEndpointUrl("http://127.8.9.1:5000").has_value());
  EXPECT_TRUE(ParseEndpointUrl("http://localhost").has_value());
  EXPECT_TRUE(ParseEndpointUrl("http://[::1]:8080").has_value());
  EXPECT_FALSE(ParseEndpointUrl("http://10.0.0.1").has_value());
  EXPECT_FALSE(ParseEndpointUrl("http://ec2.amazonaws.com").has_value());
  EXPECT_FALSE(ParseEndpointUrl("http://128.0.0.1").has_value());
  EXPECT_FALSE(ParseEndpointUrl("ftp://localhost").has_value());
  EXPECT_FALSE(ParseEndpointUrl("not a url").has_value());
  EXPECT_TRUE(ParseEndpointUrl("https://vpce-1.ec2.us-east-1.vpce.amazonaws.com").has_value());
}

TEST(EndpointsTest, MissingRegionIsAnError) {
  auto endpoint = ResolveEndpoint("ec2", "", {}, Environment());
  ASSERT_FALSE(endpoint.has_value());
  EXPECT_EQ(endpoint.error().kind, ErrorKind::kInvalidSpec);
}

TEST(EndpointsTest, S3VirtualHostUnlessPathStyleIsNeeded) {
  Endpoint standard = *ResolveEndpoint("s3", "eu-west-1", {}, Environment());
  S3Address virtual_host = AddressS3Bucket(standard, "my-bucket", false);
  EXPECT_TRUE(virtual_host.virtual_host);
  EXPECT_EQ(virtual_host.host_header, "my-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(virtual_host.path_prefix, "");
  EXPECT_EQ(AddressS3Bucket(standard, "my.dotted.bucket", false).path_prefix, "/my.dotted.bucket");
  EXPECT_EQ(AddressS3Bucket(standard, "my-bucket", true).path_prefix, "/my-bucket");
  Endpoint fake = *ParseEndpointUrl("http://127.0.0.1:4566");
  S3Address local = AddressS3Bucket(fake, "my-bucket", false);
  EXPECT_FALSE(local.virtual_host);
  EXPECT_EQ(local.host_header, "127.0.0.1:4566");
  EXPECT_EQ(local.path_prefix, "/my-bucket");
}

}  // namespace
}  // namespace awsr::aws
