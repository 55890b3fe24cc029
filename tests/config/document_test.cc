#include "config/document.h"

#include <gtest/gtest.h>

namespace awsr::config {
namespace {

const TypeCatalog& DocumentCatalog() {
  static const TypeCatalog catalog = TypeCatalog::Embedded();
  return catalog;
}

ParsedDocument Parse(std::string_view text) {
  return ParseDocument("net.json", text, DocumentCatalog());
}

TEST(ParseDocumentTest, ReadsResourcesWithTheirAttributesAndDefaults) {
  const ParsedDocument doc = Parse(R"({
    "AWSTemplateFormatVersion": "2010-09-09", "Description": "net", "Metadata": {},
    "Region": "eu-west-1",
    "Resources": {
      "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
      "Alarm": {"Type": "AWS::SNS::Topic", "Region": "us-east-1", "DependsOn": "Vpc",
                "DeletionPolicy": "Delete", "ManagementPolicy": "ObserveOnly",
                "AdoptPolicy": "Adopt"},
      "Web": {"Type": "AWS::EC2::SecurityGroup", "DependsOn": ["Vpc", "Alarm"],
              "Properties": {"GroupDescription": "web", "VpcId": {"Ref": "Vpc"}}}
    }})");
  ASSERT_TRUE(doc.ok()) << doc.problems.front().ToString();
  ASSERT_EQ(doc.resources.size(), 3u);
  const ResourceDecl& alarm = doc.resources[0];
  EXPECT_EQ(alarm.logical_id, "Alarm");
  EXPECT_EQ(alarm.region, "us-east-1");
  EXPECT_EQ(alarm.DependsOn(), std::vector<std::string>{"Vpc"});
  EXPECT_EQ(alarm.deletion_policy, DeletionPolicy::kDelete);
  EXPECT_EQ(alarm.management_policy, ManagementPolicy::kObserveOnly);
  EXPECT_EQ(alarm.adopt_policy, AdoptPolicy::kAdopt);
  EXPECT_EQ(alarm.properties, nlohmann::json::object());
  const ResourceDecl& vpc = doc.resources[1];
  EXPECT_EQ(vpc.region, "eu-west-1");
  EXPECT_EQ(vpc.file, "net.json");
  EXPECT_EQ(vpc.deletion_policy, DeletionPolicy::kRetain);
  EXPECT_EQ(vpc.management_policy, ManagementPolicy::kFull);
  EXPECT_EQ(vpc.adopt_policy, AdoptPolicy::kRefuse);
  EXPECT_TRUE(vpc.DependsOn().empty() && vpc.AdoptId().empty());
  EXPECT_FALSE(vpc.seldom) << "neither DependsOn nor AdoptId: nothing kept apart for them";
  const ResourceDecl& web = doc.resources[2];
  EXPECT_EQ(web.properties.Unpack()["VpcId"], nlohmann::json({{"Ref", "Vpc"}}));
  EXPECT_EQ(web.Dependencies(), (StringSet{"Alarm", "Vpc"}));
  EXPECT_EQ(web.references, (std::vector<Reference>{{"Vpc", ""}}));
}

TEST(ParseDocumentTest, AdoptIdIsKeptWithTheDeclarationAndComparedWithIt) {
  const auto vpc = [](std::string_view adopt_id) {
    const ParsedDocument doc =
        Parse(R"({"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "AdoptPolicy": "Adopt", )" +
              std::string(adopt_id) + R"("Properties": {"CidrBlock": "10.0.0.0/16"}}}})");
    EXPECT_TRUE(doc.ok()) << doc.problems.front().ToString();
    return doc.resources.at(0);
  };
  const ResourceDecl taken = vpc(R"("AdoptId": "vpc-0abc", )");
  EXPECT_EQ(taken.AdoptId(), "vpc-0abc");
  EXPECT_TRUE(taken.DependsOn().empty());
  EXPECT_EQ(taken, vpc(R"("AdoptId": "vpc-0abc", )"));
  EXPECT_NE(taken, vpc(R"("AdoptId": "vpc-0def", )")) << "another resource to take over";
  EXPECT_NE(taken, vpc("")) << "none named: found by its properties instead";
}

TEST(ParseDocumentTest, SnapshotIsADeletionPolicyOfDatabasesAndClusters) {
  const ParsedDocument doc = Parse(R"({"Resources": {
      "Db": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot"},
      "Dw": {"Type": "AWS::Redshift::Cluster", "DeletionPolicy": "Snapshot", "Properties": {
          "ClusterType": "single-node", "NodeType": "dc2.large", "DBName": "dev",
          "MasterUsername": "awsuser", "MasterUserPassword": "{{resolve:ssm:/dw}}"}}}})");
  ASSERT_TRUE(doc.ok()) << doc.problems.front().ToString();
  for (const ResourceDecl& decl : doc.resources) {
    EXPECT_EQ(decl.deletion_policy, DeletionPolicy::kSnapshot);
    EXPECT_EQ(ToString(decl.deletion_policy), "Snapshot");
  }
}

TEST(ParseDocumentTest, RegionDefaultsToEmptyForTheDaemonsOwn) {
  const ParsedDocument doc = Parse(R"({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.resources[0].region, "");
}

TEST(ParseDocumentTest, AcceptsWhatCloudFormationAccepts) {
  const struct {
    std::string reason;
    std::string properties;
  } rows[] = {
      {"numbers written as strings", R"({"GroupDescription": "d", "SecurityGroupIngress":
         [{"IpProtocol": "tcp", "FromPort": "80", "ToPort": 443}]})"},
      {"a number where a string goes", R"({"GroupDescription": 42})"},
      {"an intrinsic in place of a list", R"({"GroupDescription": "d",
         "SecurityGroupIngress": {"Fn::GetAtt": ["Other", "Rules"]}})"},
      {"an intrinsic in place of a nested object", R"({"GroupDescription": "d",
         "SecurityGroupIngress": [{"Ref": "Rule"}]})"},
      {"Fn::Sub with variables and a literal", R"({"GroupDescription": {"Fn::Sub":
         ["${A}-${!Literal}-${AWS::Region}", {"A": {"Ref": "AWS::AccountId"}}]}})"},
      {"Fn::Join of intrinsics", R"({"GroupDescription": {"Fn::Join":
         ["-", ["a", {"Ref": "AWS::StackName"}, {"Fn::GetAtt": "Vpc.CidrBlock"}]]}})"},
  };
  for (const auto& row : rows) {
    const ParsedDocument doc = Parse(R"({"Resources": {"Sg": {"Type": "AWS::EC2::SecurityGroup",
        "Properties": )" + row.properties +
                                     "}}}");
    EXPECT_TRUE(doc.ok()) << row.reason << ": " << doc.problems.front().ToString();
  }
}

TEST(ParseDocumentTest, AcceptsBooleansWrittenAsStrings) {
  const ParsedDocument doc = Parse(R"({"Resources": {"B": {"Type": "AWS::S3::Bucket",
      "Properties": {"ObjectLockEnabled": "true"}}}})");
  EXPECT_TRUE(doc.ok());
}

struct ErrorRow {
  std::string reason;
  std::string text;
  std::string pointer;
  std::string message;  // a part of the message
};

// A resource document with one security group whose properties are `properties`.
std::string GroupWith(std::string_view properties) {
  return R"({"Resources": {"Web": {"Type": "AWS::EC2::SecurityGroup", "Properties": )" +
         std::string(properties) + "}}}";
}

TEST(ParseDocumentTest, ReportsEachErrorWithItsPointer) {
  const ErrorRow rows[] = {
      {"JSON syntax error", "{\n  \"Resources\": {,}\n}", "", "invalid JSON (byte 19)"},
      {"JSON syntax error gives the line", "{\n  \"Resources\": {,}\n}", "", "line 2"},
      {"not an object", "[]", "", "expected a JSON object"},
      {"number too large (found by the fuzzer)", R"({"Resources": 3717e656009})", "",
       "invalid JSON: number overflow"},
      {"too deep", std::string(100, '[') + std::string(100, ']'), "", "nested deeper"},
      {"duplicate key", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic"},
         "A": {"Type": "AWS::SNS::Topic"}}})",
       "/Resources/A", "duplicate key"},
      {"missing Resources", R"({"Description": "x"})", "", "missing Resources"},
      {"Resources not an object", R"({"Resources": []})", "/Resources", "expected an object"},
      {"unknown top-level key", R"({"Resources": {}, "Outputs": {}})", "/Outputs",
       "unknown top-level key Outputs"},
      {"top-level Region not a string", R"({"Region": 1, "Resources": {}})", "/Region",
       "expected a non-empty string"},
      {"resource not an object", R"({"Resources": {"A": 1}})", "/Resources/A",
       "expected an object"},
      {"logical ID not alphanumeric", R"({"Resources": {"a-b": {"Type": "AWS::SNS::Topic"}}})",
       "/Resources/a-b", "alphanumeric"},
      {"unknown resource attribute", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "Condition": "X"}}})",
       "/Resources/A/Condition", "unknown resource attribute Condition"},
      {"missing Type", R"({"Resources": {"A": {}}})", "/Resources/A", "missing Type"},
      {"unknown type", R"({"Resources": {"A": {"Type": "AWS::EC2::Nope"}}})", "/Resources/A/Type",
       "unsupported resource type AWS::EC2::Nope"},
      {"misspelled type", R"({"Resources": {"A": {"Type": "AWS::EC2::VCP"}}})", "/Resources/A/Type",
       "AWS::EC2::VCP (did you mean AWS::EC2::VPC?)"},
      {"misspelled attribute",
       R"({"Resources": {"A": {"Type": "AWS::SNS::Topic", "DependOn": []}}})",
       "/Resources/A/DependOn", "DependOn (did you mean DependsOn?)"},
      {"Properties not an object", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "Properties": []}}})",
       "/Resources/A/Properties", "expected an object of properties"},
      {"bad DeletionPolicy", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "DeletionPolicy": "Remove"}}})",
       "/Resources/A/DeletionPolicy", "\"Retain\" or"},
      {"Snapshot on a type without snapshots", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "DeletionPolicy": "Snapshot"}}})",
       "/Resources/A/DeletionPolicy", "Snapshot is not supported for AWS::SNS::Topic"},
      {"bad ManagementPolicy", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "ManagementPolicy": "full"}}})",
       "/Resources/A/ManagementPolicy", "\"Full\" or"},
      {"bad AdoptPolicy", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "AdoptPolicy": true}}})",
       "/Resources/A/AdoptPolicy", "\"Refuse\" or"},
      {"bad resource Region", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "Region": ""}}})",
       "/Resources/A/Region", "non-empty string"},
      {"DependsOn not a string or list", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "DependsOn": {}}}})",
       "/Resources/A/DependsOn", "list of logical IDs"},
      {"DependsOn list item not a string", R"({"Resources": {"A": {"Type": "AWS::SNS::Topic",
         "DependsOn": ["B", 3]}}})",
       "/Resources/A/DependsOn/1", "non-empty string"},
      {"unknown property", GroupWith(R"({"GroupDescription": "d", "Colour": "red"})"),
       "/Resources/Web/Properties/Colour", "unknown property Colour of AWS::EC2::SecurityGroup"},
      {"misspelled property", GroupWith(R"({"GroupDescription": "d", "GroupNmae": "web"})"),
       "/Resources/Web/Properties/GroupNmae",
       "GroupNmae of AWS::EC2::SecurityGroup (did you mean GroupName?)"},
      {"missing required property", GroupWith("{}"), "/Resources/Web/Properties",
       "missing required property GroupDescription"},
      {"string expected", GroupWith(R"({"GroupDescription": {"a": 1}})"),
       "/Resources/Web/Properties/GroupDescription", "expected a string, got an object"},
      {"list expected", GroupWith(R"({"GroupDescription": "d", "Tags": {}})"),
       "/Resources/Web/Properties/Tags", "expected a list, got an object"},
      {"nested object expected", GroupWith(R"({"GroupDescription": "d", "Tags": ["x"]})"),
       "/Resources/Web/Properties/Tags/0", "expected an object (Tag), got a string"},
      {"unknown property of a nested type",
       GroupWith(R"({"GroupDescription": "d", "Tags": [{"Key": "k", "Value": "v", "X": 1}]})"),
       "/Resources/Web/Properties/Tags/0/X", "unknown property X of Tag"},
      {"missing required property of a nested type",
       GroupWith(R"({"GroupDescription": "d", "Tags": [{"Key": "k"}]})"),
       "/Resources/Web/Properties/Tags/0", "missing required property Value of Tag"},
      {"integer expected", GroupWith(R"({"GroupDescription": "d", "SecurityGroupIngress":
         [{"IpProtocol": "tcp", "FromPort": "eighty"}]})"),
       "/Resources/Web/Properties/SecurityGroupIngress/0/FromPort", "expected an integer"},
      {"integer expected, got a fraction", GroupWith(R"({"GroupDescription": "d",
         "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 1.5}]})"),
       "/Resources/Web/Properties/SecurityGroupIngress/0/FromPort", "expected an integer"},
      {"boolean expected", R"({"Resources": {"B": {"Type": "AWS::S3::Bucket",
         "Properties": {"ObjectLockEnabled": "yes"}}}})",
       "/Resources/B/Properties/ObjectLockEnabled", "expected a boolean, got a string"},
      {"map expected", R"({"Resources": {"F": {"Type": "AWS::Lambda::Function",
         "Properties": {"Role": "r", "Code": {}, "Environment": {"Variables": ["A"]}}}}})",
       "/Resources/F/Properties/Environment/Variables", "expected a map, got a list"},
      {"map value of the wrong type", R"({"Resources": {"F": {"Type": "AWS::Lambda::Function",
         "Properties": {"Role": "r", "Code": {}, "Environment": {"Variables": {"A": {}}}}}}})",
       "/Resources/F/Properties/Environment/Variables/A", "expected a string, got an object"},
      {"null value", GroupWith(R"({"GroupDescription": null})"),
       "/Resources/Web/Properties/GroupDescription", "expected a string, got null"},
      {"unsupported intrinsic", GroupWith(R"({"GroupDescription": {"Fn::If": []}})"),
       "/Resources/Web/Properties/GroupDescription", "Fn::If: unsupported intrinsic"},
      {"Ref not a string", GroupWith(R"({"GroupDescription": {"Ref": ["A"]}})"),
       "/Resources/Web/Properties/GroupDescription", "Ref: expects a logical ID"},
      {"unsupported pseudo parameter",
       GroupWith(R"({"GroupDescription": {"Ref": "AWS::NoValue"}})"),
       "/Resources/Web/Properties/GroupDescription", "unsupported pseudo parameter AWS::NoValue"},
      {"GetAtt without attribute", GroupWith(R"({"GroupDescription": {"Fn::GetAtt": "Vpc"}})"),
       "/Resources/Web/Properties/GroupDescription", "Fn::GetAtt: expects"},
      {"GetAtt list of the wrong size",
       GroupWith(R"({"GroupDescription": {"Fn::GetAtt": ["Vpc"]}})"),
       "/Resources/Web/Properties/GroupDescription", "Fn::GetAtt: expects"},
      {"Sub of a number", GroupWith(R"({"GroupDescription": {"Fn::Sub": 1}})"),
       "/Resources/Web/Properties/GroupDescription", "Fn::Sub: expects"},
      {"Sub with an empty variable", GroupWith(R"({"GroupDescription": {"Fn::Sub": "a${}"}})"),
       "/Resources/Web/Properties/GroupDescription", "Fn::Sub: invalid variable"},
      {"Sub with an unknown pseudo parameter",
       GroupWith(R"({"GroupDescription": {"Fn::Sub": "${AWS::StackId}"}})"),
       "/Resources/Web/Properties/GroupDescription", "unsupported pseudo parameter AWS::StackId"},
      {"intrinsic nested in Sub variables", GroupWith(R"({"GroupDescription":
         {"Fn::Sub": ["${X}", {"X": {"Ref": 1}}]}})"),
       "/Resources/Web/Properties/GroupDescription/Fn::Sub/1/X", "Ref: expects"},
      {"Join without a list", GroupWith(R"({"GroupDescription": {"Fn::Join": ["-", "a"]}})"),
       "/Resources/Web/Properties/GroupDescription", "Fn::Join: expects"},
      {"intrinsic nested in Join items", GroupWith(R"({"GroupDescription":
         {"Fn::Join": ["-", ["a", {"Fn::GetAtt": 3}]]}})"),
       "/Resources/Web/Properties/GroupDescription/Fn::Join/1/1", "Fn::GetAtt: expects"},
      {"pointer escapes / and ~", GroupWith(R"({"GroupDescription": "d", "a/b~c": 1})"),
       "/Resources/Web/Properties/a~1b~0c", "unknown property a/b~c"},
  };
  for (const ErrorRow& row : rows) {
    const ParsedDocument doc = Parse(row.text);
    ASSERT_FALSE(doc.ok()) << row.reason;
    bool found = false;
    for (const Problem& problem : doc.problems) {
      EXPECT_EQ(problem.file, "net.json") << row.reason;
      found = found || (problem.pointer == row.pointer &&
                        problem.message.find(row.message) != std::string::npos);
    }
    EXPECT_TRUE(found) << row.reason << ": got " << doc.problems.front().ToString();
  }
}

TEST(ProblemTest, PrintsFilePointerAndMessage) {
  EXPECT_EQ((Problem{"a.json", "/Resources/X", "bad"}).ToString(), "a.json:/Resources/X: bad");
}

// RoleArn, ExternalId, RoleSessionName (config/account_target.h).

TEST(AccountOfRoleTest, AcceptsOnlyIamRoleArns) {
  struct Row {
    std::string arn;
    std::string account;
    std::string reason;
  };
  const std::vector<Row> rows = {
      {"arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", "111111111111", "plain"},
      {"arn:aws:iam::222222222222:role/ops/deploy-role_1", "222222222222", "with a path"},
      {"arn:aws-cn:iam::333333333333:role/x", "333333333333", "another partition"},
      {"arn:aws:iam::1111:role/x", "", "short account"},
      {"arn:aws:iam::11111111111a:role/x", "", "account with a letter"},
      {"arn:aws:iam::111111111111:user/x", "", "a user, not a role"},
      {"arn:aws:sts::111111111111:role/x", "", "not IAM"},
      {"arn:aws:iam:us-east-1:111111111111:role/x", "", "IAM ARNs have no region"},
      {"arn:aws:iam::111111111111:role/", "", "no role name"},
      {"arn:aws:iam::111111111111:role/a b", "", "space in the name"},
      {"arn:aws:iam::111111111111", "", "truncated"},
      {"111111111111", "", "an account, not an ARN"},
  };
  for (const Row& row : rows) EXPECT_EQ(AccountOfRole(row.arn), row.account) << row.reason;
}

std::vector<std::pair<std::string, std::string>> AccountTargetProblemsOf(const char* text) {
  std::vector<std::pair<std::string, std::string>> problems;
  ReadAccountTarget(nlohmann::json::parse(text), problems);
  return problems;
}

TEST(ReadAccountTargetTest, ReadsTheRoleAndItsOptions) {
  std::vector<std::pair<std::string, std::string>> problems;
  const AccountTarget target = ReadAccountTarget(
      nlohmann::json::parse(R"({"RoleArn": "arn:aws:iam::111111111111:role/deploy",
                                "ExternalId": "ext-1", "RoleSessionName": "ci.run"})"),
      problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(target.role_arn, "arn:aws:iam::111111111111:role/deploy");
  EXPECT_EQ(target.external_id, "ext-1");
  EXPECT_EQ(target.SessionName(), "ci.run");
  EXPECT_FALSE(target.IsDefault());

  const AccountTarget none = ReadAccountTarget(nlohmann::json::parse("{}"), problems);
  EXPECT_TRUE(none.IsDefault());
  EXPECT_EQ(none.SessionName(), "awsreconciled");
  EXPECT_TRUE(problems.empty());
}

TEST(ReadAccountTargetTest, NamesTheFieldAtFault) {
  EXPECT_EQ(AccountTargetProblemsOf(R"({"RoleArn": "arn:aws:iam::123:role/x"})").at(0).first,
            "/RoleArn");
  EXPECT_EQ(AccountTargetProblemsOf(R"({"RoleArn": 5})").at(0).first, "/RoleArn");
  EXPECT_EQ(AccountTargetProblemsOf(R"({"ExternalId": "abc"})").at(0).second,
            "ExternalId needs RoleArn");
  EXPECT_EQ(AccountTargetProblemsOf(R"({"RoleArn": "arn:aws:iam::111111111111:role/x",
                           "RoleSessionName": "has space"})")
                .at(0)
                .first,
            "/RoleSessionName");
  EXPECT_EQ(AccountTargetProblemsOf(
                R"({"RoleArn": "arn:aws:iam::111111111111:role/x", "ExternalId": "x"})")
                .at(0)
                .first,
            "/ExternalId");
}

TEST(ReadAccountTargetTest, EveryResourceOfTheFileTargetsItsAccount) {
  const TypeCatalog catalog = TypeCatalog::Embedded();
  const ParsedDocument doc = ParseDocument("member.json", R"({
    "RoleArn": "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
    "Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
                  "Other": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}}}
  })",
                                           catalog);
  ASSERT_TRUE(doc.ok()) << doc.problems.front().ToString();
  EXPECT_EQ(doc.resources.at(0).account->role_arn,
            "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole");
  EXPECT_EQ(&*doc.resources.at(0).account, &*doc.resources.at(1).account) << "held once";

  const ParsedDocument bad = ParseDocument("bad.json", R"({
    "RoleArn": "arn:aws:iam::111:role/x", "Resources": {}})",
                                           catalog);
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].ToString().rfind("bad.json:/RoleArn: \"arn:aws:iam::111:role/x\" is "
                                             "not an IAM role ARN",
                                             0),
            0u)
      << bad.problems[0].ToString();
}

}  // namespace
}  // namespace awsr::config
