#include "daemon/export/export_files.h"

#include <gtest/gtest.h>

#include "daemon/export/export_names.h"

namespace awsr::exporting {
namespace {

using nlohmann::json;

const config::TypeCatalog& Catalog() {
  static const config::TypeCatalog catalog = config::TypeCatalog::Embedded();
  return catalog;
}

FoundResource Found(std::string type, std::string service, std::string id, json properties,
                    std::map<std::string, std::string> tags = {}, std::string region = "eu-west-1") {
  FoundResource found;
  found.type = std::move(type);
  found.service = std::move(service);
  found.observed.physical_id = std::move(id);
  found.observed.region = std::move(region);
  found.observed.properties = std::move(properties);
  found.observed.tags = std::move(tags);
  return found;
}

FoundResource Vpc(std::string id, std::string name = "", bool made_by_aws = false) {
  FoundResource vpc = Found("AWS::EC2::VPC", "ec2", id,
                            {{"CidrBlock", "10.0.0.0/16"}, {"InstanceTenancy", "default"}},
                            name.empty() ? std::map<std::string, std::string>()
                                         : std::map<std::string, std::string>{{"Name", name}});
  vpc.observed.made_by_aws = made_by_aws;
  vpc.needs_adopt_id = true;
  return vpc;
}

FoundResource Subnet(std::string id, std::string vpc_id) {
  FoundResource subnet =
      Found("AWS::EC2::Subnet", "ec2", id,
            {{"VpcId", vpc_id}, {"CidrBlock", "10.0.1.0/24"}, {"MapPublicIpOnLaunch", false}});
  subnet.needs_adopt_id = true;
  return subnet;
}

FoundResource Group(std::string id, std::string vpc_id, std::string name, json ingress = json::array()) {
  FoundResource group = Found("AWS::EC2::SecurityGroup", "ec2", id,
                              {{"GroupName", name},
                               {"GroupDescription", name + " group"},
                               {"VpcId", vpc_id},
                               {"SecurityGroupIngress", std::move(ingress)}});
  group.name_property = "GroupName";
  return group;
}

ExportOptions Options() {
  ExportOptions options;
  options.owner = "prod";
  options.default_region = "eu-west-1";
  return options;
}

const json& Declared(const ExportedFiles& exported, const std::string& logical_id) {
  for (const auto& [name, document] : exported.files) {
    if (document["Resources"].contains(logical_id)) return document["Resources"][logical_id];
  }
  static const json none;
  return none;
}

TEST(ExportFilesTest, ANetworkBecomesOneFileWithReferencesAdoptIdsAndNoAwsDefaults) {
  const ExportedFiles exported = BuildExportFiles(
      {Vpc("vpc-0123456789abcdef0", "main"), Subnet("subnet-0123456789abcdef0", "vpc-0123456789abcdef0"),
       Group("sg-0123456789abcdef0", "vpc-0123456789abcdef0", "web")},
      Options(), Catalog());
  ASSERT_EQ(exported.files.size(), 1u);
  EXPECT_EQ(exported.files.begin()->first, "network-mainvpc.json");
  EXPECT_EQ(exported.resources, 3u);
  EXPECT_EQ(Declared(exported, "MainVPC"),
            json({{"Type", "AWS::EC2::VPC"},
                  {"AdoptPolicy", "Adopt"},
                  {"AdoptId", "vpc-0123456789abcdef0"},
                  {"Properties", {{"CidrBlock", "10.0.0.0/16"}}}}));
  // No Name tag or name: the ID names it; the default MapPublicIpOnLaunch is left out.
  EXPECT_EQ(Declared(exported, "Subnet0123456789abcdef0")["Properties"],
            json({{"VpcId", {{"Ref", "MainVPC"}}}, {"CidrBlock", "10.0.1.0/24"}}));
  // Named by GroupName in its VPC: no AdoptId needed, and the VPC stays a literal ID (a daemon
  // finds the group by both in its first observation); the empty rule list is not restated.
  const json& group = Declared(exported, "WebSecurityGroup");
  EXPECT_FALSE(group.contains("AdoptId"));
  EXPECT_FALSE(group["Properties"].contains("SecurityGroupIngress"));
  EXPECT_EQ(group["Properties"]["VpcId"], "vpc-0123456789abcdef0");
}

TEST(ExportFilesTest, OtherOwnersAndAwsDefaultsAreLeftOutAndSaidSo) {
  FoundResource theirs = Vpc("vpc-0aaaaaaaaaaaaaaa1", "theirs");
  theirs.observed.tags["awsreconciled:owner"] = "team-b";
  FoundResource default_group = Group("sg-0bbbbbbbbbbbbbbb1", "vpc-0ccccccccccccccc1", "default");
  default_group.observed.made_by_aws = true;
  FoundResource attachment = Found("AWS::EC2::VPCGatewayAttachment", "ec2", "igw-0d|vpc-0e",
                                   {{"VpcId", "vpc-0eeeeeeeeeeeeeee1"},
                                    {"InternetGatewayId", "igw-0ddddddddddddddd1"}});
  FoundResource gateway = Found("AWS::EC2::InternetGateway", "ec2", "igw-0ddddddddddddddd1", json::object());
  std::vector<FoundResource> found = {theirs, default_group, Vpc("vpc-0eeeeeeeeeeeeeee1", "", true),
                                      attachment, gateway};
  ExportedFiles exported = BuildExportFiles(found, Options(), Catalog());
  EXPECT_EQ(exported.resources, 0u);
  EXPECT_TRUE(exported.files.empty());
  ASSERT_EQ(exported.left_out.size(), 5u);
  EXPECT_EQ(exported.left_out[0],
            "AWS::EC2::VPC vpc-0aaaaaaaaaaaaaaa1: belongs to owner team-b");
  EXPECT_NE(exported.left_out[4].find("made by AWS"), std::string::npos) << exported.left_out[4];

  ExportOptions with_defaults = Options();
  with_defaults.include_made_by_aws = true;
  exported = BuildExportFiles(found, with_defaults, Catalog());
  EXPECT_EQ(exported.resources, 4u);
}

TEST(ExportFilesTest, OurOwnResourcesKeepTheirLogicalIdsAndNeedNoAdoptId) {
  FoundResource ours = Vpc("vpc-0fffffffffffffff1", "main");
  ours.observed.tags = {{"awsreconciled:owner", "prod"}, {"awsreconciled:logical-id", "AppVpc"}};
  FoundResource released = Vpc("vpc-0fffffffffffffff2", "");
  released.observed.tags = {{"awsreconciled:owner", "released:prod"},
                            {"awsreconciled:logical-id", "OldVpc"}};
  const ExportedFiles exported = BuildExportFiles({ours, released}, Options(), Catalog());
  EXPECT_EQ(exported.resources, 2u);
  EXPECT_FALSE(Declared(exported, "AppVpc").contains("AdoptId"));
  EXPECT_FALSE(Declared(exported, "OldVpc").is_null());
}

TEST(ExportFilesTest, SecretsBecomeParameterReferencesAndRegionsAreKept) {
  FoundResource user = Found("AWS::IAM::User", "iam", "alice",
                             {{"UserName", "alice"},
                              {"Path", "/"},
                              {"LoginProfile", {{"Password", "hunter2hunter2"}}}},
                             {}, "eu-west-1");
  user.name_property = "UserName";
  FoundResource topic = Found("AWS::SNS::Topic", "sns", "arn:aws:sns:us-east-1:123456789012:billing",
                              {{"TopicName", "billing"}}, {}, "us-east-1");
  topic.name_property = "TopicName";
  const ExportedFiles exported = BuildExportFiles({user, topic}, Options(), Catalog());
  const json& declared = Declared(exported, "AliceUser");
  EXPECT_EQ(declared["Properties"],
            json({{"UserName", "alice"},
                  {"LoginProfile",
                   {{"Password", "{{resolve:ssm:/awsreconciled/export/AliceUser/LoginProfile-Password}}"}}}}));
  EXPECT_FALSE(declared.contains("Region"));
  EXPECT_TRUE(exported.files.contains("iam.json"));
  EXPECT_EQ(Declared(exported, "BillingTopic")["Region"], "us-east-1");
  EXPECT_TRUE(exported.files.contains("sns-us-east-1.json"));
}

TEST(ExportFilesTest, MutualReferencesStopBeforeACycle) {
  const json from_b = json::array({{{"IpProtocol", "tcp"}, {"FromPort", 5432}, {"ToPort", 5432},
                                    {"SourceSecurityGroupId", "sg-0bbbbbbbbbbbbbbb2"}}});
  const json from_a = json::array({{{"IpProtocol", "tcp"}, {"FromPort", 443}, {"ToPort", 443},
                                    {"SourceSecurityGroupId", "sg-0aaaaaaaaaaaaaaa2"}}});
  const ExportedFiles exported = BuildExportFiles(
      {Group("sg-0aaaaaaaaaaaaaaa2", "vpc-0123456789abcdef9", "a", from_b),
       Group("sg-0bbbbbbbbbbbbbbb2", "vpc-0123456789abcdef9", "b", from_a)},
      Options(), Catalog());
  const json a = Declared(exported, "ASecurityGroup")["Properties"]["SecurityGroupIngress"][0];
  const json b = Declared(exported, "BSecurityGroup")["Properties"]["SecurityGroupIngress"][0];
  EXPECT_EQ(a["SourceSecurityGroupId"], json({{"Ref", "BSecurityGroup"}}));
  EXPECT_EQ(b["SourceSecurityGroupId"], "sg-0aaaaaaaaaaaaaaa2");
}

TEST(ExportNamesTest, NamesAreCamelCaseUniqueAndStartWithALetter) {
  std::set<std::string> taken;
  FoundResource web = Group("sg-01", "vpc-01", "web-servers");
  EXPECT_EQ(ExportLogicalId(web, false, taken), "WebServersSecurityGroup");
  EXPECT_EQ(ExportLogicalId(web, false, taken), "WebServersSecurityGroup2");
  FoundResource bucket = Found("AWS::S3::Bucket", "s3", "2024-logs", {{"BucketName", "2024-logs"}});
  bucket.name_property = "BucketName";
  EXPECT_EQ(ExportLogicalId(bucket, false, taken), "Bucket2024LogsBucket");
  EXPECT_EQ(CamelCase("my_app.v2 db"), "MyAppV2Db");
}

}  // namespace
}  // namespace awsr::exporting
