// Builds a small network through the network reconcilers against tests/fakeaws: a VPC, subnets,
// a gateway and a route table, as the engine would have created them.
#pragma once

#include <string>
#include <vector>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers::ec2 {

class NetworkFakeTest : public Ec2FakeTest {
 protected:
  // A create as the engine makes it: the type hears of the write first (BeforeWrite).
  engine::ObservedResource CreateOrFail(engine::Reconciler& reconciler,
                                        engine::DesiredResource desired) {
    reconciler.BeforeWrite();
    auto created = Run(reconciler.Create(std::move(desired)));
    if (!created) ADD_FAILURE() << created.error().Describe();
    return created ? *created : engine::ObservedResource();
  }

  std::vector<engine::ObservedResource> ObserveOrFail(engine::Reconciler& reconciler,
                                                      std::vector<std::string> identity_keys = {}) {
    auto observed = Run(reconciler.ObserveAll(Scope(std::move(identity_keys))));
    if (!observed) ADD_FAILURE() << observed.error().Describe();
    return observed ? observed->Copies() : std::vector<engine::ObservedResource>();
  }

  // A delete as the engine makes it.
  Result<void> DeleteAsEngine(engine::Reconciler& reconciler, engine::ObservedResource observed) {
    reconciler.BeforeWrite();
    return Run(reconciler.Delete(std::move(observed)));
  }

  void ExpectOk(Result<void> result) {
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().Describe());
  }

  std::string CreateVpc() {
    return CreateOrFail(vpcs_,
                        MakeDesired("MainVpc", "AWS::EC2::VPC", {{"CidrBlock", "10.0.0.0/20"}}))
        .physical_id;
  }
  std::string CreateSubnet(const std::string& logical_id, const std::string& vpc_id,
                           const std::string& cidr) {
    return CreateOrFail(subnets_, MakeDesired(logical_id, "AWS::EC2::Subnet",
                                              {{"VpcId", vpc_id}, {"CidrBlock", cidr}}))
        .physical_id;
  }
  std::string CreateGateway() {
    return CreateOrFail(gateways_, MakeDesired("InternetGateway", "AWS::EC2::InternetGateway",
                                               nlohmann::json::object()))
        .physical_id;
  }
  std::string CreateTable(const std::string& vpc_id) {
    return CreateOrFail(tables_, MakeDesired("PublicRouteTable", "AWS::EC2::RouteTable",
                                             {{"VpcId", vpc_id}}))
        .physical_id;
  }

  awsr::testing::RegisteredTypes types_{*client_};
  engine::Reconciler& vpcs_ = types_.Reconciler("AWS::EC2::VPC");
  engine::Reconciler& subnets_ = types_.Reconciler("AWS::EC2::Subnet");
  engine::Reconciler& gateways_ = types_.Reconciler("AWS::EC2::InternetGateway");
  engine::Reconciler& attachments_ = types_.Reconciler("AWS::EC2::VPCGatewayAttachment");
  engine::Reconciler& tables_ = types_.Reconciler("AWS::EC2::RouteTable");
  engine::Reconciler& routes_ = types_.Reconciler("AWS::EC2::Route");
  engine::Reconciler& associations_ = types_.Reconciler("AWS::EC2::SubnetRouteTableAssociation");
};

}  // namespace awsr::reconcilers::ec2
