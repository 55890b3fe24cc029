// A whole observation's statuses and declarations, sorted once: each (type, region) gets
// exactly what walking every one of them would have picked, and a change is sorted again.
#include "daemon/engine/observe_groups.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "daemon/engine/planner.h"

namespace awsr::engine::observe_groups_test {
namespace {

constexpr char kRole[] = "arn:aws:iam::222222222222:role/deploy";
const TypeRegion kVpcsEast{"AWS::EC2::VPC", "us-east-1"};
const TypeRegion kVpcsWest{"AWS::EC2::VPC", "us-west-2"};
const TypeRegion kVpcsEastThere{"AWS::EC2::VPC", "us-east-1", kRole};
const TypeRegion kGroupsEast{"AWS::EC2::SecurityGroup", "us-east-1"};
const TypeRegion kQueuesEast{"AWS::SQS::Queue", "us-east-1"};
const std::vector<TypeRegion> kTargets = {kVpcsEast, kVpcsWest, kVpcsEastThere, kGroupsEast,
                                          kQueuesEast};

StatusStore::Held Status(std::string type, std::string region, std::string role_arn = "") {
  ResourceStatus status;
  status.type = std::move(type);
  status.region = std::move(region);
  status.role_arn = std::move(role_arn);
  StatusStore::Held held;
  held.live = std::make_shared<ResourceStatus>(std::move(status));
  return held;
}

config::DeclarationRef Decl(std::string id, std::string type, std::string region,
                            std::string role_arn = "",
                            nlohmann::json properties = nlohmann::json::object()) {
  auto decl = std::make_shared<config::ResourceDecl>();
  decl->properties = std::move(properties);
  decl->logical_id = std::move(id);
  decl->type = std::move(type);
  decl->region = std::move(region);
  decl->account = config::AccountTarget{std::move(role_arn), "", ""};
  return decl;
}

config::SharedDeclarations Shared(config::Declarations declarations) {
  return config::SharedDeclarations(
      std::make_shared<const config::Declarations>(std::move(declarations)));
}

template <typename Entries>
std::vector<std::string> Ids(const Entries& entries) {
  std::vector<std::string> ids;
  for (const auto* entry : entries) ids.push_back(entry->first);
  return ids;
}

TEST(ObserveGroupsTest, StatusesGoByTypeAndAccountWhateverTheirRegion) {
  ObserveGroups::Statuses statuses = {
      {"a", Status("AWS::EC2::VPC", "us-east-1")},
      {"b", Status("AWS::EC2::VPC", "us-west-2")},
      {"c", Status("AWS::EC2::VPC", "us-east-1", kRole)},
      {"d", Status("AWS::EC2::SecurityGroup", "us-east-1")},
      {"e", Status("", "")},  // not planned yet
      {"f", Status("AWS::EC2::VPC", "eu-west-1")},
  };
  ObserveGroups groups;
  for (const TypeRegion& where : kTargets) {
    std::vector<std::string> walked;  // what a walk over every status picks
    for (const auto& [id, status] : statuses) {
      if (status->type == where.type && status->role_arn == where.role_arn) walked.push_back(id);
    }
    EXPECT_EQ(Ids(groups.StatusesOf(where, statuses, 1)), walked) << where.type << where.region;
  }
  EXPECT_EQ(Ids(groups.StatusesOf(kVpcsWest, statuses, 1)),
            (std::vector<std::string>{"a", "b", "f"}));
  EXPECT_EQ(&groups.StatusesOf(kVpcsEast, statuses, 1).front()->second, &statuses.at("a"))
      << "the live status, not a copy";
}

TEST(ObserveGroupsTest, StatusesAreSortedAgainWhenTheStoreMoves) {
  ObserveGroups::Statuses statuses = {{"a", Status("AWS::EC2::VPC", "us-east-1")}};
  ObserveGroups groups;
  EXPECT_EQ(Ids(groups.StatusesOf(kVpcsEast, statuses, 1)), (std::vector<std::string>{"a"}));
  statuses.emplace("b", Status("AWS::EC2::VPC", "us-west-2"));
  EXPECT_EQ(Ids(groups.StatusesOf(kVpcsEast, statuses, 2)), (std::vector<std::string>{"a", "b"}));
  statuses.erase("a");
  EXPECT_EQ(Ids(groups.StatusesOf(kVpcsEast, statuses, 3)), (std::vector<std::string>{"b"}));
}

TEST(ObserveGroupsTest, DeclarationsGoWhereIsAtPutsThem) {
  const config::SharedDeclarations desired = Shared({
      {"a", Decl("a", "AWS::EC2::VPC", "")},  // the default region
      {"b", Decl("b", "AWS::EC2::VPC", "us-east-1")},
      {"c", Decl("c", "AWS::EC2::VPC", "us-west-2")},
      {"d", Decl("d", "AWS::EC2::VPC", "", kRole)},
      {"e", Decl("e", "AWS::EC2::SecurityGroup", "us-east-1")},
      {"f", Decl("f", "AWS::EC2::VPC", "eu-west-1")},
  });
  for (const std::string default_region : {"us-east-1", "us-west-2"}) {
    PlanContext context;
    context.default_region = default_region;
    ObserveGroups groups;
    for (const TypeRegion& where : kTargets) {
      std::vector<std::string> walked;  // what a walk over every declaration picks
      for (const auto& [id, decl] : static_cast<const config::Declarations&>(desired)) {
        if (IsAt(*decl, where, context)) walked.push_back(id);
      }
      EXPECT_EQ(Ids(groups.DeclarationsAt(where, desired, default_region)), walked)
          << where.type << where.region << where.role_arn << " with " << default_region;
    }
  }
}

TEST(ObserveGroupsTest, DeclarationsAreSortedAgainWhenTheFilesOrTheDefaultRegionMove) {
  const config::SharedDeclarations before = Shared({{"a", Decl("a", "AWS::EC2::VPC", "")}});
  ObserveGroups groups;
  EXPECT_EQ(Ids(groups.DeclarationsAt(kVpcsEast, before, "us-east-1")),
            (std::vector<std::string>{"a"}));
  EXPECT_EQ(Ids(groups.DeclarationsAt(kVpcsEast, before, "us-west-2")),
            (std::vector<std::string>{}));
  const config::SharedDeclarations after = Shared({
      {"a", Decl("a", "AWS::EC2::VPC", "")},
      {"b", Decl("b", "AWS::EC2::VPC", "us-east-1")},
  });
  EXPECT_EQ(Ids(groups.DeclarationsAt(kVpcsEast, after, "us-west-2")),
            (std::vector<std::string>{"b"}));
  EXPECT_EQ(Ids(groups.DeclarationsAt(kVpcsWest, after, "us-west-2")),
            (std::vector<std::string>{"a"}));
}

// What an observation is told the files set at its (type, region), and where a full cycle
// observes: what a walk over every declaration would find, found again after a change.
TEST(ObserveGroupsTest, PropertiesAndPlacesAreWhatTheDeclarationsThereSet) {
  const config::SharedDeclarations before = Shared({
      {"a", Decl("a", "AWS::EC2::VPC", "", "", {{"CidrBlock", "10.0.0.0/16"}})},
      {"b", Decl("b", "AWS::EC2::VPC", "us-east-1", "",
                 {{"CidrBlock", "10.1.0.0/16"}, {"EnableDnsSupport", true}})},
      {"c", Decl("c", "AWS::EC2::VPC", "us-west-2", "", {{"EnableDnsHostnames", true}})},
      {"d", Decl("d", "AWS::EC2::SecurityGroup", "", kRole, {{"GroupName", "web"}})},
  });
  ObserveGroups groups;
  EXPECT_EQ(groups.PropertiesAt(kVpcsEast, before, "us-east-1"),
            (std::set<std::string>{"CidrBlock", "EnableDnsSupport"}));
  EXPECT_EQ(groups.PropertiesAt(kVpcsWest, before, "us-east-1"),
            (std::set<std::string>{"EnableDnsHostnames"}));
  EXPECT_TRUE(groups.PropertiesAt(kQueuesEast, before, "us-east-1").empty());
  EXPECT_EQ(groups.DeclaredPlaces(before, "us-east-1"),
            (std::vector<TypeRegion>{{"AWS::EC2::SecurityGroup", "us-east-1", kRole},
                                     kVpcsEast, kVpcsWest}));
  // Another default region moves "a" and "d"; other files, what is set.
  EXPECT_EQ(groups.PropertiesAt(kVpcsWest, before, "us-west-2"),
            (std::set<std::string>{"CidrBlock", "EnableDnsHostnames"}));
  const config::SharedDeclarations after = Shared({
      {"b", Decl("b", "AWS::EC2::VPC", "us-east-1", "", {{"CidrBlock", "10.1.0.0/16"}})},
  });
  EXPECT_EQ(groups.PropertiesAt(kVpcsEast, after, "us-west-2"),
            (std::set<std::string>{"CidrBlock"}));
  EXPECT_EQ(groups.DeclaredPlaces(after, "us-west-2"), (std::vector<TypeRegion>{kVpcsEast}));
}

}  // namespace
}  // namespace awsr::engine::observe_groups_test
