#include "reconcilers/rds/db_instance_description.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::rds {
namespace {

using nlohmann::json;

// A DBInstance as the AWS client gives it: XML text, lists by element name.
json Record(std::string status, json pending = json::object()) {
  return {{"DBInstanceIdentifier", "dagster-db"},
          {"DBInstanceClass", "db.t4g.micro"},
          {"Engine", "postgres"},
          {"EngineVersion", "16.1"},
          {"DBInstanceStatus", status},
          {"AllocatedStorage", "20"},
          {"MultiAZ", "false"},
          {"DBSubnetGroup", {{"DBSubnetGroupName", "dagster-db-subnets"}}},
          {"VpcSecurityGroups",
           {{"VpcSecurityGroupMembership",
             json::array({{{"VpcSecurityGroupId", "sg-1"}, {"Status", "active"}},
                          {{"VpcSecurityGroupId", "sg-2"}, {"Status", "removing"}}})}}},
          {"Endpoint", {{"Address", "dagster-db.x.rds.amazonaws.com"}, {"Port", "5432"}}},
          {"MasterUserSecret", {{"SecretArn", "arn:aws:secretsmanager:us-east-1:1:secret:rds!db"}}},
          {"PendingModifiedValues", pending},
          {"InstanceCreateTime", "2026-12-02T04:40:00.123Z"},
          {"DBInstanceArn", "arn:aws:rds:us-east-1:123456789012:db:dagster-db"},
          {"TagList",
           {{"Tag", json::array({{{"Key", "awsreconciled:owner"}, {"Value", "me"}},
                                 {{"Key", "Name"}, {"Value", "dagster-db"}}})}}}};
}

TEST(InstanceFromRecordTest, ReadsTheRecordInCloudFormationTerms) {
  const engine::ObservedResource db = InstanceFromRecord(Record("available"), "us-east-1");
  EXPECT_TRUE(db.ready);
  EXPECT_EQ(db.physical_id, "dagster-db");
  EXPECT_EQ(db.properties["AllocatedStorage"], json(20));
  EXPECT_EQ(db.properties["MultiAZ"], json(false));
  EXPECT_EQ(db.properties["DBSubnetGroupName"], json("dagster-db-subnets"));
  EXPECT_EQ(db.properties["VPCSecurityGroups"], json::array({"sg-1"}));
  EXPECT_EQ(db.properties["Port"], json(5432));
  EXPECT_EQ(db.properties["ManageMasterUserPassword"], json(true));
  EXPECT_EQ(db.properties["Tags"], json::array({{{"Key", "Name"}, {"Value", "dagster-db"}}}));
  EXPECT_EQ(db.attributes.at("Endpoint.Address"), json("dagster-db.x.rds.amazonaws.com"));
  EXPECT_EQ(db.attributes.at("MasterUserSecret.SecretArn"),
            json("arn:aws:secretsmanager:us-east-1:1:secret:rds!db"));
  EXPECT_EQ(db.internal["arn"], json("arn:aws:rds:us-east-1:123456789012:db:dagster-db"));
  EXPECT_EQ(db.internal["created"], json("20261202044000"));
}

TEST(InstanceFromRecordTest, BusyIsNotReadyAndPendingValuesCountAsDone) {
  const json pending = {{"DBInstanceClass", "db.t4g.small"}, {"MasterUserPassword", "****"}};
  const engine::ObservedResource db = InstanceFromRecord(Record("modifying", pending), "r");
  EXPECT_FALSE(db.ready);
  EXPECT_EQ(db.aws_state, "modifying");
  EXPECT_EQ(db.properties["DBInstanceClass"], json("db.t4g.small"));
  EXPECT_EQ(db.properties["PendingModifiedValues"], (json{{"DBInstanceClass", "db.t4g.small"}}));
}

engine::DesiredResource Desired(json properties) {
  engine::DesiredResource desired;
  desired.name = "dagster-db";
  desired.properties = std::move(properties);
  return desired;
}

TEST(CreateInstanceParamsTest, MapsTheFilesPropertiesToTheCall) {
  const json properties = {{"Engine", "postgres"},
                           {"VPCSecurityGroups", json::array({"sg-1", "sg-2"})},
                           {"ManageMasterUserPassword", true},
                           {"MasterUserSecret", {{"KmsKeyId", "alias/db"}}},
                           {"Tags", json::array()}};
  auto params = CreateInstanceParams(Desired(properties), properties);
  ASSERT_TRUE(params);
  EXPECT_EQ((*params)["DBInstanceIdentifier"], json("dagster-db"));
  EXPECT_EQ((*params)["VpcSecurityGroupIds"],
            (json{{"VpcSecurityGroupId", {{"1", "sg-1"}, {"2", "sg-2"}}}}));
  EXPECT_EQ((*params)["MasterUserSecretKmsKeyId"], json("alias/db"));
  EXPECT_FALSE(params->contains("Tags"));
  const json restore = {{"DBSnapshotIdentifier", "snap"}};
  auto refused = CreateInstanceParams(Desired(restore), restore);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("DBSnapshotIdentifier"), std::string::npos);
}

TEST(ModifyInstanceParamsTest, SendsTheChangesAtOnceAndRefusesReplacements) {
  const json properties = {{"DBInstanceClass", "db.t4g.small"},
                           {"MasterUserPassword", "resolved"},
                           {"ManageMasterUserPassword", true},
                           {"Engine", "mysql"}};
  auto params =
      ModifyInstanceParams("dagster-db", properties, {"DBInstanceClass", "MasterUserPassword"});
  ASSERT_TRUE(params);
  EXPECT_EQ(*params, (json{{"DBInstanceIdentifier", "dagster-db"},
                           {"ApplyImmediately", true},
                           {"DBInstanceClass", "db.t4g.small"}}));
  EXPECT_FALSE(ModifyInstanceParams("dagster-db", properties, {"Engine"}));
}

}  // namespace
}  // namespace awsr::reconcilers::rds
