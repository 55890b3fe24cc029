// RouteReconciler, SubnetRouteTableAssociationReconciler and VpcGatewayAttachmentReconciler:
// the tagless sub-resources owned through claims on their parent (ec2_claims.h), against
// tests/fakeaws through the real client.
#include <gtest/gtest.h>

#include "tests/reconcilers/ec2/network_fake_fixture.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

class ClaimedSubResourcesFakeTest : public NetworkFakeTest {
 protected:
  void SetUp() override {
    NetworkFakeTest::SetUp();
    vpc_id_ = CreateVpc();
    gateway_id_ = CreateGateway();
    table_id_ = CreateTable(vpc_id_);
    subnet_id_ = CreateSubnet("PublicSubnetA", vpc_id_, "10.0.0.0/24");
  }

  engine::DesiredResource Attachment() {
    return MakeDesired("GatewayAttachment", "AWS::EC2::VPCGatewayAttachment",
                       {{"VpcId", vpc_id_}, {"InternetGatewayId", gateway_id_}});
  }
  engine::DesiredResource DefaultRoute() {
    return MakeDesired("PublicDefaultRoute", "AWS::EC2::Route",
                       {{"RouteTableId", table_id_},
                        {"DestinationCidrBlock", "0.0.0.0/0"},
                        {"GatewayId", gateway_id_}});
  }
  engine::DesiredResource Association() {
    return MakeDesired("PublicSubnetARouteTableAssociation",
                       "AWS::EC2::SubnetRouteTableAssociation",
                       {{"SubnetId", subnet_id_}, {"RouteTableId", table_id_}});
  }

  json Table() {
    return OutOfBand("DescribeRouteTables", {{"RouteTableId", {table_id_}}})["routeTableSet"][0];
  }

  std::string vpc_id_, gateway_id_, table_id_, subnet_id_;
};

TEST_F(ClaimedSubResourcesFakeTest, CreatedOnesAreObservedAsOursWithTheirLogicalIds) {
  const auto attachment = CreateOrFail(attachments_, Attachment());
  const auto route = CreateOrFail(routes_, DefaultRoute());
  const auto association = CreateOrFail(associations_, Association());
  EXPECT_EQ(attachment.physical_id, gateway_id_ + "|" + vpc_id_);
  EXPECT_EQ(route.physical_id, table_id_ + "|0.0.0.0/0");
  EXPECT_TRUE(association.physical_id.starts_with("rtbassoc-"));

  fake_->Control("POST", "/_fake/calls/reset");
  const auto attachments = ObserveOrFail(attachments_);
  const auto routes = ObserveOrFail(routes_);
  const auto associations = ObserveOrFail(associations_);
  EXPECT_EQ(fake_->Control("GET", "/_fake/calls")["total"], 2)
      << "one bulk describe per list: the gateways', and the tables' for both their children";
  ASSERT_EQ(attachments.size(), 1u);
  ASSERT_EQ(routes.size(), 1u) << "the local route is nobody's resource";
  ASSERT_EQ(associations.size(), 1u);
  EXPECT_EQ(attachments[0].Tag(engine::kLogicalIdTag), "GatewayAttachment");
  EXPECT_EQ(routes[0].Tag(engine::kLogicalIdTag), "PublicDefaultRoute");
  EXPECT_EQ(routes[0].Tag(engine::kOwnerTag), kTestOwner);
  EXPECT_EQ(routes[0].Tag(engine::kDeletionPolicyTag), "Delete");
  EXPECT_EQ(associations[0].Tag(engine::kLogicalIdTag), "PublicSubnetARouteTableAssociation");
  EXPECT_EQ(associations[0].physical_id, association.physical_id);
  EXPECT_EQ(associations[0].attributes.at("Id"), association.physical_id);
  EXPECT_TRUE(attachments_.Compare(Attachment(), attachments[0]).empty());
  EXPECT_TRUE(routes_.Compare(DefaultRoute(), routes[0]).empty());
  EXPECT_TRUE(associations_.Compare(Association(), associations[0]).empty());
}

int Describes(awsr::testing::FakeAws& fake, const std::string& operation) {
  return fake.Control("GET", "/_fake/calls")["counts"]["ec2"].value(operation, 0);
}

TEST_F(ClaimedSubResourcesFakeTest, AListIsReadOnceACycleForItsTypesAndAgainAfterAnyWrite) {
  CreateOrFail(routes_, DefaultRoute());
  const auto attachment = CreateOrFail(attachments_, Attachment());
  fake_->Control("POST", "/_fake/calls/reset");
  for (int cycle = 1; cycle <= 2; ++cycle) {
    EXPECT_EQ(ObserveOrFail(tables_).size(), 1u);
    EXPECT_EQ(ObserveOrFail(routes_).size(), 1u);
    EXPECT_TRUE(ObserveOrFail(associations_).empty());
    EXPECT_EQ(ObserveOrFail(gateways_).size(), 1u);
    EXPECT_EQ(ObserveOrFail(attachments_).size(), 1u);
    EXPECT_EQ(Describes(*fake_, "DescribeRouteTables"), cycle)
        << "a type asking again starts the next cycle";
    EXPECT_EQ(Describes(*fake_, "DescribeInternetGateways"), cycle);
  }

  // A write of any sharing type drops the read: a type not served since reads afresh and sees
  // the write.
  EXPECT_EQ(ObserveOrFail(routes_).size(), 1u);
  CreateOrFail(associations_, Association());
  EXPECT_EQ(ObserveOrFail(associations_).size(), 1u) << "not the list read before the create";
  EXPECT_EQ(ObserveOrFail(gateways_).size(), 1u);
  ExpectOk(DeleteAsEngine(attachments_, attachment));
  EXPECT_TRUE(ObserveOrFail(attachments_).empty()) << "not the list read before the delete";

  // Drift made behind the daemon's back is seen by the next cycle's read (associations asking
  // again starts it).
  OutOfBand("DeleteRoute", {{"RouteTableId", table_id_}, {"DestinationCidrBlock", "0.0.0.0/0"}});
  EXPECT_EQ(ObserveOrFail(associations_).size(), 1u);
  EXPECT_TRUE(ObserveOrFail(routes_, {routes_.IdentityKey(DefaultRoute())}).empty())
      << "declared and gone: to be created again";
}

// A table read again byte for byte has the same children: they are handed back as the same
// shared resources (the engine keeps an unchanged list as it is). A table that moved is read
// afresh, and so is one asked about other identity keys.
TEST_F(ClaimedSubResourcesFakeTest, AnUnchangedTablesChildrenAreTheSameResourcesAgain) {
  CreateOrFail(routes_, DefaultRoute());
  const auto observe = [&](std::vector<std::string> keys = {}) {
    auto observed = Run(routes_.ObserveAll(Scope(std::move(keys))));
    EXPECT_TRUE(observed.has_value());
    return observed ? *observed : engine::ObservedList();
  };
  const engine::ObservedList first = observe();
  ASSERT_EQ(first.size(), 1u);
  const engine::ObservedList again = observe();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again.Shared(0), first.Shared(0)) << "the same table, the same route";

  OutOfBand("CreateRoute", {{"RouteTableId", table_id_},
                            {"DestinationCidrBlock", "10.9.0.0/16"},
                            {"GatewayId", gateway_id_}});
  const auto asked = observe({table_id_ + "|10.9.0.0/16"});
  ASSERT_EQ(asked.size(), 2u) << "the table moved: someone else's route, asked for, is seen";
  EXPECT_NE(asked.Shared(0), first.Shared(0));
  EXPECT_TRUE(asked[1].tags.empty()) << "a look-alike";
  const auto unasked = observe();
  ASSERT_EQ(unasked.size(), 1u) << "the same table, no longer asked about that route";
  EXPECT_EQ(unasked[0].Tag(engine::kLogicalIdTag), "PublicDefaultRoute");
}

TEST_F(ClaimedSubResourcesFakeTest, CreateAgainReturnsOursWithoutWriting) {
  CreateOrFail(routes_, DefaultRoute());
  CreateOrFail(associations_, Association());
  CreateOrFail(attachments_, Attachment());
  fake_->Control("POST", "/_fake/calls/reset");
  CreateOrFail(routes_, DefaultRoute());
  CreateOrFail(associations_, Association());
  CreateOrFail(attachments_, Attachment());
  EXPECT_EQ(Calls("CreateRoute") + Calls("AssociateRouteTable") + Calls("AttachInternetGateway") +
                Calls("CreateTags"),
            0);
}

TEST_F(ClaimedSubResourcesFakeTest, SomeoneElsesRouteInOurTableIsNeverOursNorTouched) {
  const std::string other_gateway =
      OutOfBand("CreateInternetGateway", json::object())["internetGateway"]["internetGatewayId"];
  OutOfBand("CreateRoute", {{"RouteTableId", table_id_},
                            {"DestinationCidrBlock", "0.0.0.0/0"},
                            {"GatewayId", other_gateway}});
  EXPECT_TRUE(ObserveOrFail(routes_).empty()) << "not ours, not asked for";
  const auto lookalikes = ObserveOrFail(routes_, {table_id_ + "|0.0.0.0/0"});
  ASSERT_EQ(lookalikes.size(), 1u);
  EXPECT_TRUE(lookalikes[0].tags.empty()) << "a look-alike: the engine reports a conflict";

  auto created = Run(routes_.Create(DefaultRoute()));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Calls("CreateTags"), 0) << "no claim written on a conflict";

  // AdoptPolicy: Adopt makes it ours; the next update points it at our gateway.
  ExpectOk(Run(
      types_.Ownership("AWS::EC2::Route").Retag(lookalikes[0], DefaultRoute().ownership_tags, {})));
  const auto adopted = ObserveOrFail(routes_);
  ASSERT_EQ(adopted.size(), 1u);
  const engine::Diff diff = routes_.Compare(DefaultRoute(), adopted[0]);
  EXPECT_TRUE(diff.Touches("/GatewayId"));
  ExpectOk(Run(types_.Update(DefaultRoute(), adopted[0], diff)));
  EXPECT_TRUE(routes_.Compare(DefaultRoute(), ObserveOrFail(routes_).at(0)).empty());
}

TEST_F(ClaimedSubResourcesFakeTest, DeletedOutsideIsCreatedAgainUnderTheSameClaim) {
  CreateOrFail(routes_, DefaultRoute());
  const auto association = CreateOrFail(associations_, Association());
  CreateOrFail(attachments_, Attachment());
  OutOfBand("DeleteRoute", {{"RouteTableId", table_id_}, {"DestinationCidrBlock", "0.0.0.0/0"}});
  OutOfBand("DisassociateRouteTable", {{"AssociationId", association.physical_id}});
  OutOfBand("DetachInternetGateway", {{"InternetGatewayId", gateway_id_}, {"VpcId", vpc_id_}});

  // The files still declare them: nothing is reported, so the engine creates them again.
  EXPECT_TRUE(ObserveOrFail(routes_, {routes_.IdentityKey(DefaultRoute())}).empty());
  EXPECT_TRUE(ObserveOrFail(associations_, {associations_.IdentityKey(Association())}).empty());
  EXPECT_TRUE(ObserveOrFail(attachments_, {attachments_.IdentityKey(Attachment())}).empty());
  CreateOrFail(routes_, DefaultRoute());
  CreateOrFail(associations_, Association());
  CreateOrFail(attachments_, Attachment());
  EXPECT_EQ(ObserveOrFail(routes_).size(), 1u);
  EXPECT_EQ(ObserveOrFail(associations_).size(), 1u);
  EXPECT_EQ(ObserveOrFail(attachments_).size(), 1u);
}

TEST_F(ClaimedSubResourcesFakeTest, DeleteRemovesTheSubResourceThenItsClaim) {
  const auto route = CreateOrFail(routes_, DefaultRoute());
  const auto association = CreateOrFail(associations_, Association());
  const auto attachment = CreateOrFail(attachments_, Attachment());
  auto blocked = DeleteAsEngine(gateways_, ObserveOrFail(gateways_).at(0));
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().kind, ErrorKind::kConflict) << "attached: retried by the engine";

  for (int attempt = 0; attempt < 2; ++attempt) {
    ExpectOk(DeleteAsEngine(routes_, route));
    ExpectOk(DeleteAsEngine(associations_, association));
    ExpectOk(DeleteAsEngine(attachments_, attachment));
  }
  EXPECT_TRUE(ObserveOrFail(routes_).empty());
  EXPECT_TRUE(ObserveOrFail(associations_).empty());
  EXPECT_TRUE(ObserveOrFail(attachments_).empty());
  for (const auto& tag : aws::AsList(Table()["tagSet"])) {
    EXPECT_FALSE(tag["key"].get<std::string>().starts_with("awsreconciled:route:"));
    EXPECT_FALSE(tag["key"].get<std::string>().starts_with("awsreconciled:association:"));
  }
  ExpectOk(DeleteAsEngine(gateways_, ObserveOrFail(gateways_).at(0)));
}

TEST_F(ClaimedSubResourcesFakeTest, AnOrphanClaimNoFileWantsIsReportedAndCleared) {
  // As after a crash between the claim and CreateRoute, then the route left the files.
  OutOfBand("CreateTags",
            {{"ResourceId", {table_id_}},
             {"Tag", {{{"Key", "awsreconciled:route:10.1.0.0/16"}, {"Value", "Gone/Delete"}}}}});
  const auto orphans = ObserveOrFail(routes_);
  ASSERT_EQ(orphans.size(), 1u);
  EXPECT_EQ(orphans[0].Tag(engine::kLogicalIdTag), "Gone");
  ExpectOk(DeleteAsEngine(routes_, orphans[0]));
  EXPECT_TRUE(ObserveOrFail(routes_).empty());
}

TEST_F(ClaimedSubResourcesFakeTest, AttachmentMovesToAnotherVpcOnUpdate) {
  const auto attachment = CreateOrFail(attachments_, Attachment());
  const std::string other_vpc = CreateVpcOutOfBand("10.5.0.0/16");
  auto moved = Attachment();
  moved.properties["VpcId"] = other_vpc;
  const engine::Diff diff = attachments_.Compare(moved, attachment);
  ASSERT_TRUE(diff.Touches("/VpcId"));
  ExpectOk(Run(types_.Update(moved, attachment, diff)));
  const auto observed = ObserveOrFail(attachments_);
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_EQ(observed[0].physical_id, gateway_id_ + "|" + other_vpc);
  EXPECT_EQ(observed[0].Tag(engine::kLogicalIdTag), "GatewayAttachment");
}

TEST_F(ClaimedSubResourcesFakeTest, NoClaimOnAParentWeDoNotOwn) {
  const std::string foreign_table =
      OutOfBand("CreateRouteTable", {{"VpcId", vpc_id_}})["routeTable"]["routeTableId"];
  auto route = DefaultRoute();
  route.properties["RouteTableId"] = foreign_table;
  auto created = Run(routes_.Create(route));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::kInvalidSpec);
  EXPECT_EQ(Calls("CreateTags"), 0);
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
