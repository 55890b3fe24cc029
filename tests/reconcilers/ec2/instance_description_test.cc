#include "reconcilers/ec2/instance_description.h"

#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

struct ProfileCase {
  const char* reason;
  std::string value;
  std::string name;
};

class InstanceProfileNameTest : public ::testing::TestWithParam<ProfileCase> {};

TEST_P(InstanceProfileNameTest, IsTheLastPathSegment) {
  EXPECT_EQ(InstanceProfileName(GetParam().value), GetParam().name) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, InstanceProfileNameTest,
    ::testing::Values(
        ProfileCase{"a name stays", "web-profile", "web-profile"},
        ProfileCase{"an ARN", "arn:aws:iam::123456789012:instance-profile/web-profile",
                    "web-profile"},
        ProfileCase{"an ARN with a path", "arn:aws:iam::123456789012:instance-profile/app/web",
                    "web"}));

// An item of instancesSet as the client hands it over (XML leaves are strings).
json RunningInstance() {
  return json::parse(R"({
    "instanceId": "i-0abc", "imageId": "ami-0fakeaws000000002", "instanceType": "t2.small",
    "keyName": "deploy", "subnetId": "subnet-1", "vpcId": "vpc-1",
    "instanceState": {"code": "16", "name": "running"},
    "placement": {"availabilityZone": "us-east-1a"},
    "privateIpAddress": "10.0.1.4", "privateDnsName": "ip-10-0-1-4.ec2.internal",
    "ipAddress": "203.0.113.7", "dnsName": "ec2-203-0-113-7.compute-1.amazonaws.com",
    "groupSet": [{"groupId": "sg-2", "groupName": "ssh"}],
    "iamInstanceProfile": {"arn": "arn:aws:iam::123456789012:instance-profile/web", "id": "AIPA"},
    "tagSet": [{"key": "awsreconciled:logical-id", "value": "Web"}, {"key": "env", "value": "dev"}]
  })");
}

TEST(InstanceFromDescribeTest, ReadsPropertiesAndAttributes) {
  const auto observed = InstanceFromDescribe(RunningInstance(), "us-east-1");
  EXPECT_EQ(observed.physical_id, "i-0abc");
  EXPECT_EQ(observed.identity_key, "Web");
  EXPECT_TRUE(observed.ready);
  EXPECT_EQ(observed.aws_state, "running");
  EXPECT_EQ(observed.properties, json::parse(R"({
    "ImageId": "ami-0fakeaws000000002", "InstanceType": "t2.small", "KeyName": "deploy",
    "SubnetId": "subnet-1", "SecurityGroupIds": ["sg-2"], "IamInstanceProfile": "web",
    "Tags": [{"Key": "env", "Value": "dev"}]})"));
  EXPECT_EQ(observed.attributes.at("PublicIp"), "203.0.113.7");
  EXPECT_EQ(observed.attributes.at("PrivateIp"), "10.0.1.4");
  EXPECT_EQ(observed.attributes.at("PublicDnsName"), "ec2-203-0-113-7.compute-1.amazonaws.com");
  EXPECT_EQ(observed.attributes.at("PrivateDnsName"), "ip-10-0-1-4.ec2.internal");
  EXPECT_EQ(observed.attributes.at("AvailabilityZone"), "us-east-1a");
}

TEST(InstanceFromDescribeTest, ReadyOnlyOnceAwsStopsMovingIt) {
  for (const auto& [state, ready] : std::vector<std::pair<std::string, bool>>{
           {"pending", false}, {"running", true}, {"stopping", false}, {"stopped", true}}) {
    json instance = RunningInstance();
    instance["instanceState"]["name"] = state;
    EXPECT_EQ(InstanceFromDescribe(instance, "us-east-1").ready, ready) << state;
  }
}

TEST(InstanceFromDescribeTest, NoPublicAddressNoPublicIpAttribute) {
  json instance = RunningInstance();
  instance.erase("ipAddress");
  instance["dnsName"] = "";
  EXPECT_FALSE(InstanceFromDescribe(instance, "us-east-1").attributes.contains("PublicIp"));
}

TEST(RunInstancesParamsTest, OneInstanceIdempotentAndTaggedAtLaunch) {
  auto desired = MakeDesired("Web", "AWS::EC2::Instance",
                             {{"ImageId", "ami-1"},
                              {"InstanceType", "t2.small"},
                              {"KeyName", "deploy"},
                              {"SubnetId", "subnet-1"},
                              {"SecurityGroupIds", {"sg-1", "sg-2"}},
                              {"IamInstanceProfile", "web"},
                              {"UserData", "IyEvYmluL3NoCg=="}});
  desired.client_token = "awsr-token";
  const json params = RunInstancesParams(desired);
  EXPECT_EQ(params["MinCount"], 1);
  EXPECT_EQ(params["MaxCount"], 1);
  EXPECT_EQ(params["ClientToken"], "awsr-token");
  EXPECT_EQ(params["SecurityGroupId"], json({"sg-1", "sg-2"}));
  EXPECT_EQ(params["IamInstanceProfile"], json({{"Name", "web"}}));
  EXPECT_EQ(params["UserData"], "IyEvYmluL3NoCg==") << "already base64, as CloudFormation takes it";
  EXPECT_EQ(params["TagSpecification"][0]["ResourceType"], "instance");
  EXPECT_EQ(params["TagSpecification"][0]["Tag"].size(), 3u) << "the ownership tags";
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
