#include "daemon/export/export_files.h"

#include <gtest/gtest.h>

#include "daemon/export/export_names.h"
#include "daemon/export/export_references.h"

namespace awsr::exporting {
namespace {

using nlohmann::json;

const config::TypeCatalog& Catalog() {
  static const config::TypeCatalog catalog = config::TypeCatalog::Embedded();
  return catalog;
}

FoundResource Found(std::string type, std::string service, std::string id, json properties,
                    engine::TagMap tags = {}, std::string region = "eu-west-1") {
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
                            name.empty() ? engine::TagMap()
                                         : engine::TagMap{{"Name", name}});
  vpc.observed.made_by_aws = made_by_aws;
  vpc.adopt_id = vpc.observed.physical_id;
  return vpc;
}

FoundResource Subnet(std::string id, std::string vpc_id) {
  FoundResource subnet =
      Found("AWS::EC2::Subnet", "ec2", id,
            {{"VpcId", vpc_id}, {"CidrBlock", "10.0.1.0/24"}, {"MapPublicIpOnLaunch", false}});
  subnet.adopt_id = subnet.observed.physical_id;
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
  // Named by GroupName in its VPC: no AdoptId needed, its VPC a reference like any other (the
  // engine looks for it once the reference resolves); the empty rule list is not restated.
  const json& group = Declared(exported, "WebSecurityGroup");
  EXPECT_FALSE(group.contains("AdoptId"));
  EXPECT_FALSE(group["Properties"].contains("SecurityGroupIngress"));
  EXPECT_EQ(group["Properties"]["VpcId"], json({{"Ref", "MainVPC"}}));
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

// Named resources refer to other exported ones too: the daemon finds them once it knows those.
TEST(ExportFilesTest, NamedResourcesNameOthersByReference) {
  const json from_b = json::array({{{"IpProtocol", "tcp"}, {"FromPort", 5432}, {"ToPort", 5432},
                                    {"SourceSecurityGroupId", "sg-0bbbbbbbbbbbbbbb2"}}});
  const ExportedFiles exported = BuildExportFiles(
      {Group("sg-0aaaaaaaaaaaaaaa2", "vpc-0123456789abcdef9", "a", from_b),
       Group("sg-0bbbbbbbbbbbbbbb2", "vpc-0123456789abcdef9", "b")},
      Options(), Catalog());
  const json a = Declared(exported, "ASecurityGroup")["Properties"]["SecurityGroupIngress"][0];
  EXPECT_EQ(a["SourceSecurityGroupId"], json({{"Ref", "BSecurityGroup"}}));
}

TEST(ExportReferencesTest, MutualReferencesStopBeforeACycle) {
  const config::TypeSchema& schema = *Catalog().Find("AWS::EC2::SecurityGroup");
  ExportReferences references;
  FoundResource a = Group("sg-0aaaaaaaaaaaaaaa2", "vpc-0123456789abcdef9", "a");
  FoundResource b = Group("sg-0bbbbbbbbbbbbbbb2", "vpc-0123456789abcdef9", "b");
  references.AddTarget("A", a.observed);
  references.AddTarget("B", b.observed);
  json from_b = {{"SecurityGroupIngress", {{{"SourceSecurityGroupId", "sg-0bbbbbbbbbbbbbbb2"}}}}};
  json from_a = {{"SecurityGroupIngress", {{{"SourceSecurityGroupId", "sg-0aaaaaaaaaaaaaaa2"}}}}};
  references.Rewrite("A", from_b, schema);
  references.Rewrite("B", from_a, schema);
  EXPECT_EQ(from_b["SecurityGroupIngress"][0]["SourceSecurityGroupId"], json({{"Ref", "B"}}));
  EXPECT_EQ(from_a["SecurityGroupIngress"][0]["SourceSecurityGroupId"], "sg-0aaaaaaaaaaaaaaa2");
  EXPECT_EQ(references.TargetsOf("A"), std::set<std::string>{"B"});
}

constexpr const char* kBalancerArn =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef";
constexpr const char* kTargetsArn =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef";
constexpr const char* kListenerArn =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/0123456789abcdef/1";
constexpr const char* kRuleArn =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/0123456789abcdef/1/2";
constexpr const char* kFunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:hello";

FoundResource Named(FoundResource found, std::string name_property,
                    engine::AttributeMap attributes = {}) {
  found.name_property = std::move(name_property);
  found.observed.attributes = std::move(attributes);
  return found;
}

json Forward(const char* target_group_arn) {
  return json::array({{{"Type", "forward"}, {"TargetGroupArn", target_group_arn}}});
}

// A balancer with its target group, listener and rule; a function with its URL and a
// permission added in the console; a group with a member: what export reads through parents.
std::vector<FoundResource> ParentsAndChildren() {
  return {
      Named(Found("AWS::ElasticLoadBalancingV2::LoadBalancer", "elbv2", kBalancerArn,
                  {{"Name", "web"}, {"Subnets", {"subnet-0123456789abcdef0"}}}),
            "Name", {{"LoadBalancerArn", kBalancerArn}}),
      Named(Found("AWS::ElasticLoadBalancingV2::TargetGroup", "elbv2", kTargetsArn,
                  {{"Name", "web"}, {"Port", 80}, {"Protocol", "HTTP"}}),
            "Name", {{"TargetGroupArn", kTargetsArn}}),
      Found("AWS::ElasticLoadBalancingV2::Listener", "elbv2", kListenerArn,
            {{"LoadBalancerArn", kBalancerArn},
             {"Port", 80},
             {"Protocol", "HTTP"},
             {"DefaultActions", Forward(kTargetsArn)}}),
      Found("AWS::ElasticLoadBalancingV2::ListenerRule", "elbv2", kRuleArn,
            {{"ListenerArn", kListenerArn},
             {"Priority", 10},
             {"Conditions", json::array({{{"Field", "path-pattern"}, {"Values", {"/api/*"}}}})},
             {"Actions", Forward(kTargetsArn)}}),
      Named(Found("AWS::Lambda::Function", "lambda", "hello",
                  {{"FunctionName", "hello"},
                   {"Role", "arn:aws:iam::123456789012:role/hello"},
                   {"Code", {{"ZipFile", "fileb://hello.zip"}}}}),
            "FunctionName", {{"Arn", kFunctionArn}}),
      Found("AWS::Lambda::Url", "lambda", kFunctionArn,
            {{"TargetFunctionArn", kFunctionArn}, {"AuthType", "NONE"}}),
      [] {
        FoundResource permission =
            Found("AWS::Lambda::Permission", "lambda", "allow-sns",
                  {{"FunctionName", "hello"},
                   {"Action", "lambda:InvokeFunction"},
                   {"Principal", "sns.amazonaws.com"}});
        permission.adopt_id = "hello/allow-sns";  // what ReadAccount says for a statement
        return permission;
      }(),
      Named(Found("AWS::IAM::Group", "iam", "developers", {{"GroupName", "developers"}}, {}, ""),
            "GroupName"),
      Named(Found("AWS::IAM::User", "iam", "alice",
                  {{"UserName", "alice"}, {"Groups", {"developers"}}}, {}, ""),
            "UserName"),
      Found("AWS::IAM::UserToGroupAddition", "iam", "developers",
            {{"GroupName", "developers"}, {"Users", {"alice"}}}, {}, ""),
  };
}

TEST(ExportFilesTest, ChildrenReadThroughParentsAreExportedWithThem) {
  const ExportedFiles exported = BuildExportFiles(ParentsAndChildren(), Options(), Catalog());
  EXPECT_EQ(exported.resources, 10u) << json(exported.left_out).dump();
  // Found by their parent's ARN, once the engine knows it: references like any other.
  const json listener = Declared(exported, "Web80Listener");
  EXPECT_EQ(listener["Properties"]["LoadBalancerArn"], json({{"Ref", "WebLoadBalancer"}}));
  EXPECT_EQ(listener["Properties"]["DefaultActions"][0]["TargetGroupArn"],
            json({{"Ref", "WebTargetGroup"}}));
  EXPECT_FALSE(listener.contains("AdoptId")) << "found by its balancer and port";
  const json rule = Declared(exported, "Web10ListenerRule")["Properties"];
  EXPECT_EQ(rule["ListenerArn"], json({{"Ref", "Web80Listener"}}));
  EXPECT_EQ(rule["Priority"], 10);
  EXPECT_EQ(Declared(exported, "Hello")["Properties"]["TargetFunctionArn"],
            json({{"Fn::GetAtt", {"HelloFunction", "Arn"}}}));

  // A permission is found by its AdoptId, a membership is no AWS object: references.
  const json permission = Declared(exported, "AllowSns");
  EXPECT_EQ(permission["Properties"]["FunctionName"], json({{"Ref", "HelloFunction"}}));
  EXPECT_EQ(permission["AdoptId"], "hello/allow-sns");

  const json membership = Declared(exported, "Developers")["Properties"];
  EXPECT_EQ(membership, json({{"GroupName", {{"Ref", "DevelopersGroup"}}},
                              {"Users", {{{"Ref", "AliceUser"}}}}}));
  EXPECT_EQ(Declared(exported, "AliceUser")["Properties"], json({{"UserName", "alice"}}))
      << "her groups are the membership's";
  // Each follows its parent's file.
  EXPECT_TRUE(exported.files.at("elbv2.json")["Resources"].contains("Web10ListenerRule"));
  EXPECT_TRUE(exported.files.at("lambda.json")["Resources"].contains("AllowSns"));
  EXPECT_TRUE(exported.files.at("iam.json")["Resources"].contains("Developers"));
}

TEST(ExportFilesTest, ChildrenOfALeftOutParentAreLeftOutDownTheChain) {
  std::vector<FoundResource> found = ParentsAndChildren();
  found[0].observed.tags["awsreconciled:owner"] = "team-b";  // the balancer
  found[4].observed.properties.Erase("Code");                // a function AWS gives no code of
  ExportedFiles exported = BuildExportFiles(found, Options(), Catalog());
  std::set<std::string> types;
  for (const auto& [name, document] : exported.files) {
    for (const auto& [id, declaration] : document["Resources"].items())
      types.insert(declaration["Type"].get<std::string>());
  }
  EXPECT_EQ(types, (std::set<std::string>{"AWS::ElasticLoadBalancingV2::TargetGroup",
                                          "AWS::IAM::Group", "AWS::IAM::User",
                                          "AWS::IAM::UserToGroupAddition"}));
  const std::string said = json(exported.left_out).dump();
  EXPECT_NE(said.find(std::string("AWS::ElasticLoadBalancingV2::ListenerRule ") + kRuleArn +
                      ": its parent is left out"),
            std::string::npos)
      << said;
  EXPECT_NE(said.find("AWS::Lambda::Permission allow-sns: its parent is left out"),
            std::string::npos)
      << said;

  // With --tag, a child (no tags of its own) follows its parent: the group lacks the tag.
  ExportOptions tagged = Options();
  tagged.tags = {{"team", "web"}};
  found[7].observed.tags["team"] = "other";
  found[8].observed.tags["team"] = "web";
  exported = BuildExportFiles(found, tagged, Catalog());
  EXPECT_EQ(exported.files.size(), 1u);
  EXPECT_EQ(exported.files.at("iam.json")["Resources"].size(), 1u) << "the user alone";
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
