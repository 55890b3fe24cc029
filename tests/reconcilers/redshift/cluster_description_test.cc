#include "reconcilers/redshift/cluster_description.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::redshift {
namespace {

using nlohmann::json;

TEST(ClusterFromRecordTest, ReadsRolesGroupsAndState) {
  const json record = {
      {"ClusterIdentifier", "analytics"},
      {"ClusterStatus", "available"},
      {"NodeType", "dc2.large"},
      {"NumberOfNodes", "2"},
      {"PubliclyAccessible", "false"},
      {"Endpoint", {{"Address", "analytics.x.redshift.amazonaws.com"}, {"Port", "5439"}}},
      {"VpcSecurityGroups", {{"VpcSecurityGroup", {{"VpcSecurityGroupId", "sg-1"}}}}},
      {"IamRoles",
       {{"ClusterIamRole",
         json::array({{{"IamRoleArn", "arn:r1"}, {"ApplyStatus", "in-sync"}},
                      {{"IamRoleArn", "arn:r2"}, {"ApplyStatus", "removing"}}})}}},
      {"Tags", {{"Tag", {{"Key", "awsreconciled:owner"}, {"Value", "me"}}}}}};
  const engine::ObservedResource cluster = ClusterFromRecord(record, "us-east-1");
  EXPECT_TRUE(cluster.ready);
  EXPECT_EQ(cluster.properties["ClusterType"], json("multi-node"));
  EXPECT_EQ(cluster.properties["NumberOfNodes"], json(2));
  EXPECT_EQ(cluster.properties["IamRoles"], json::array({"arn:r1"}));
  EXPECT_EQ(cluster.properties["VpcSecurityGroupIds"], json::array({"sg-1"}));
  EXPECT_EQ(cluster.properties["Port"], json(5439));
  EXPECT_EQ(cluster.Tag("awsreconciled:owner"), "me");
  EXPECT_EQ(cluster.attributes.at("Endpoint.Address"), json("analytics.x.redshift.amazonaws.com"));
}

TEST(ModifyClusterParamsTest, AResizeSendsTheNodesTogether) {
  const json properties = {{"NodeType", "dc2.large"},
                           {"ClusterType", "multi-node"},
                           {"NumberOfNodes", 4},
                           {"PubliclyAccessible", false},
                           {"IamRoles", json::array({"arn:r1"})}};
  auto params = ModifyClusterParams("analytics", properties, {"NumberOfNodes", "IamRoles"});
  ASSERT_TRUE(params);
  EXPECT_EQ(*params, (json{{"ClusterIdentifier", "analytics"},
                           {"NodeType", "dc2.large"},
                           {"ClusterType", "multi-node"},
                           {"NumberOfNodes", 4}}));
  EXPECT_FALSE(ModifyClusterParams("analytics", properties, {"DBName"}));
}

TEST(IamRoleChangesTest, AddsAndRemovesTheDifference) {
  EXPECT_EQ(IamRoleChanges("a", {{"IamRoles", json::array({"r1", "r2"})}},
                           {{"IamRoles", json::array({"r2", "r3"})}}),
            (json{{"ClusterIdentifier", "a"},
                  {"AddIamRoles", {{"IamRoleArn", {{"1", "r1"}}}}},
                  {"RemoveIamRoles", {{"IamRoleArn", {{"1", "r3"}}}}}}));
}

}  // namespace
}  // namespace awsr::reconcilers::redshift
