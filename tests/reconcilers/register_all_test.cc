#include "reconcilers/register_all.h"

#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"

namespace awsr::reconcilers {
namespace {

TEST(RegisterAllTest, AddsEveryType) {
  ec2::OfflineClient client;
  engine::Registry registry;
  RegisterAll(registry, client.get(), ReconcilerOptions{"/tmp"});
  EXPECT_EQ(registry.Types(), (std::set<std::string>{"AWS::EC2::SecurityGroup", "AWS::EC2::VPC"}));
  ASSERT_NE(registry.Find("AWS::EC2::VPC"), nullptr);
  EXPECT_EQ(registry.Find("AWS::EC2::VPC")->Service(), "ec2");
}

}  // namespace
}  // namespace awsr::reconcilers
