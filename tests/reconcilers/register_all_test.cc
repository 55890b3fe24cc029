#include "reconcilers/register_all.h"

#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"

namespace awsr::reconcilers {
namespace {

TEST(RegisterAllTest, AddsEveryType) {
  ec2::OfflineClient client;
  engine::Registry registry;
  RegisterAll(registry, client.get(), ReconcilerOptions{"/tmp"});
  // Each engineer adding a type adds it here too.
  for (const char* type :
       {"AWS::EC2::VPC", "AWS::EC2::SecurityGroup", "AWS::EC2::Subnet", "AWS::EC2::InternetGateway",
        "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::RouteTable", "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation"}) {
    EXPECT_NE(registry.Find(type), nullptr) << type;
  }
  ASSERT_NE(registry.Find("AWS::EC2::VPC"), nullptr);
  EXPECT_EQ(registry.Find("AWS::EC2::VPC")->Service(), "ec2");
}

}  // namespace
}  // namespace awsr::reconcilers
