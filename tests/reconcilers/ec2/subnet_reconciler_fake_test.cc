// SubnetReconciler, InternetGatewayReconciler and RouteTableReconciler (the tagged network
// types) against tests/fakeaws through the real client.
#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/network_fake_fixture.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

class SubnetReconcilerFakeTest : public NetworkFakeTest {
 protected:
  engine::DesiredResource PublicSubnet(const std::string& vpc_id) {
    return MakeDesired("PublicSubnetA", "AWS::EC2::Subnet",
                       {{"VpcId", vpc_id},
                        {"CidrBlock", "10.0.0.0/24"},
                        {"AvailabilityZone", "us-east-1a"},
                        {"MapPublicIpOnLaunch", true},
                        {"Tags", json::array({{{"Key", "tier"}, {"Value", "public"}}})}});
  }
};

TEST_F(SubnetReconcilerFakeTest, CreateThenObserveInOneBulkDescribe) {
  const std::string vpc_id = CreateVpc();
  OutOfBand("CreateSubnet", {{"VpcId", vpc_id}, {"CidrBlock", "10.0.8.0/24"}});  // not ours
  const auto created = CreateOrFail(subnets_, PublicSubnet(vpc_id));
  EXPECT_TRUE(created.physical_id.starts_with("subnet-"));
  EXPECT_EQ(Calls("CreateTags"), 0) << "ownership tags go in the create call";

  fake_->Control("POST", "/_fake/calls/reset");
  const auto observed = ObserveOrFail(subnets_);
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_EQ(Calls("DescribeSubnets"), 1);
  EXPECT_EQ(fake_->Control("GET", "/_fake/calls")["total"], 1) << "nothing per resource";
  const auto& subnet = observed[0];
  EXPECT_EQ(subnet.physical_id, created.physical_id);
  EXPECT_EQ(subnet.identity_key, "PublicSubnetA");
  EXPECT_EQ(subnet.attributes.at("AvailabilityZone"), "us-east-1a");
  EXPECT_EQ(subnet.attributes.at("VpcId"), vpc_id);
  EXPECT_EQ(subnet.properties["MapPublicIpOnLaunch"], true);
  EXPECT_TRUE(subnets_.Compare(PublicSubnet(vpc_id), subnet).empty());
}

TEST_F(SubnetReconcilerFakeTest, UpdateCorrectsMapPublicIpAndTags) {
  const std::string vpc_id = CreateVpc();
  const auto created = CreateOrFail(subnets_, PublicSubnet(vpc_id));
  OutOfBand("ModifySubnetAttribute",
            {{"SubnetId", created.physical_id}, {"MapPublicIpOnLaunch", {{"Value", false}}}});
  OutOfBand("DeleteTags", {{"ResourceId", {created.physical_id}}, {"Tag", {{{"Key", "tier"}}}}});
  auto observed = ObserveOrFail(subnets_);
  ASSERT_EQ(observed.size(), 1u);
  const engine::Diff diff = subnets_.Compare(PublicSubnet(vpc_id), observed[0]);
  EXPECT_TRUE(diff.Touches("/MapPublicIpOnLaunch"));
  EXPECT_TRUE(diff.Touches("/Tags"));
  ExpectOk(Run(types_.Update(PublicSubnet(vpc_id), observed[0], diff)));
  observed = ObserveOrFail(subnets_);
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_TRUE(subnets_.Compare(PublicSubnet(vpc_id), observed[0]).empty());
}

TEST_F(SubnetReconcilerFakeTest, AnotherCidrIsADifferenceTheEngineCallsImmutable) {
  const std::string vpc_id = CreateVpc();
  CreateOrFail(subnets_, PublicSubnet(vpc_id));
  auto edited = PublicSubnet(vpc_id);
  edited.properties["CidrBlock"] = "10.0.1.0/24";
  const auto observed = ObserveOrFail(subnets_);
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_TRUE(subnets_.Compare(edited, observed[0]).Touches("/CidrBlock"));
}

TEST_F(SubnetReconcilerFakeTest, DeletesToleratesGoneAndVpcWaitsForThem) {
  const std::string vpc_id = CreateVpc();
  const auto subnet = CreateOrFail(subnets_, PublicSubnet(vpc_id));
  const auto vpc = ObserveOrFail(vpcs_).at(0);
  auto blocked = Run(vpcs_.Delete(vpc));
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().kind, ErrorKind::kConflict) << "DependencyViolation is retried";
  for (int attempt = 0; attempt < 2; ++attempt) ExpectOk(Run(subnets_.Delete(subnet)));
  ExpectOk(Run(vpcs_.Delete(vpc)));
}

TEST_F(SubnetReconcilerFakeTest, GatewayAndRouteTableCreateObserveRetagDelete) {
  const std::string vpc_id = CreateVpc();
  const std::string gateway_id = CreateGateway();
  const std::string table_id = CreateTable(vpc_id);
  EXPECT_TRUE(gateway_id.starts_with("igw-"));
  EXPECT_TRUE(table_id.starts_with("rtb-"));
  OutOfBand("CreateInternetGateway", json::object());  // not ours
  OutOfBand("CreateRouteTable", {{"VpcId", vpc_id}});  // not ours

  const auto gateways = ObserveOrFail(gateways_);
  ASSERT_EQ(gateways.size(), 1u);
  EXPECT_EQ(gateways[0].attributes.at("InternetGatewayId"), gateway_id);
  const auto tables = ObserveOrFail(tables_);
  ASSERT_EQ(tables.size(), 1u) << "the VPC's main table is not ours";
  EXPECT_EQ(tables[0].properties["VpcId"], vpc_id);
  EXPECT_EQ(tables[0].attributes.at("RouteTableId"), table_id);

  const auto tagged = MakeDesired(
      "PublicRouteTable", "AWS::EC2::RouteTable",
      {{"VpcId", vpc_id}, {"Tags", json::array({{{"Key", "Name"}, {"Value", "pub"}}})}});
  const engine::Diff diff = tables_.Compare(tagged, tables[0]);
  ASSERT_TRUE(diff.Touches("/Tags"));
  ExpectOk(Run(types_.Update(tagged, tables[0], diff)));
  EXPECT_TRUE(tables_.Compare(tagged, ObserveOrFail(tables_).at(0)).empty());

  ExpectOk(Run(types_.Ownership("AWS::EC2::InternetGateway")
                   .Retag(gateways[0], {}, {std::string(engine::kOwnerTag)})));
  EXPECT_TRUE(ObserveOrFail(gateways_).empty()) << "released";
  for (int attempt = 0; attempt < 2; ++attempt) ExpectOk(Run(tables_.Delete(tables[0])));
  EXPECT_TRUE(ObserveOrFail(tables_).empty());
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
