#include "daemon/engine/planner.h"

#include <gtest/gtest.h>

#include <functional>

#include "daemon/engine/account_registries.h"
#include "daemon/engine/backoff.h"
#include "daemon/engine/pass_fingerprint.h"
#include "daemon/engine/resource_records.h"

namespace awsr::engine {
namespace {

using nlohmann::json;

// A reconciler with just enough behaviour for planning: Compare is the generic diff.
class FakeReconciler : public Reconciler {
 public:
  // String literals: TypeInfo keeps views of them.
  FakeReconciler(std::string_view type, std::string_view name_property)
      : Reconciler({.type = type, .service = "ec2", .name_property = name_property}) {}
  Task<ObservedList> ObserveAll(ObserveScope) override {
    co_return std::vector<ObservedResource>();
  }
  Task<ObservedResource> Create(DesiredResource) override { co_return ObservedResource(); }
  Task<void> Delete(ObservedResource) override { co_return Result<void>(); }
};

constexpr char kRegion[] = "us-east-1";
const TypeRegion kVpcs{"AWS::EC2::VPC", kRegion};
const TypeRegion kGroups{"AWS::EC2::SecurityGroup", kRegion};

ObservedResource Observed(std::string id, std::string logical_id, json properties,
                          std::string owner = "me") {
  ObservedResource resource;
  resource.physical_id = std::move(id);
  resource.identity_key = properties.value("GroupName", "");
  resource.properties = std::move(properties);
  if (!owner.empty()) {
    resource.tags = {{std::string(kOwnerTag), owner}, {std::string(kLogicalIdTag), logical_id}};
  }
  return resource;
}

config::ResourceDecl Decl(std::string id, std::string type, json properties) {
  config::ResourceDecl decl;
  decl.logical_id = std::move(id);
  decl.type = std::move(type);
  const auto references = config::FindReferences(properties);  // as the file reader finds them
  decl.references.assign(references.begin(), references.end());
  decl.properties = properties;
  return decl;
}

struct PlanCase {
  const char* reason;
  config::ResourceDecl group;
  std::vector<ObservedResource> observed_groups;
  bool vpc_exists = true;
  std::optional<std::chrono::seconds> create_pending_for;
  ActionKind expected;
};

class PlannerTest : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PlannerTest, DecidesTheAction) {
  const PlanCase& row = GetParam();
  const auto catalog = config::TypeCatalog::Embedded();
  FakeReconciler groups("AWS::EC2::SecurityGroup", "GroupName");
  const config::Declarations desired = config::ToDeclarations(
      {Decl("Vpc", "AWS::EC2::VPC", {{"CidrBlock", "10.0.0.0/16"}}), row.group});
  ObservedIndex observed("me");
  observed.Replace(kVpcs, {});
  if (row.vpc_exists) observed.Put(kVpcs, Observed("vpc-1", "Vpc", {{"CidrBlock", "10.0.0.0/16"}}));
  observed.Replace(kGroups, row.observed_groups);
  const auto now = WallClock::now();
  ResourceStatus status;
  if (row.create_pending_for) status.set_create_pending_since(now - *row.create_pending_for);
  const PlanContext context{"me", kRegion, "123456789012", now, std::chrono::seconds(60)};

  const Action action =
      PlanDesired(row.group, groups, desired, observed, &status, catalog, context);
  EXPECT_EQ(ToString(action.kind), ToString(row.expected)) << row.reason << ": " << action.message;
}

json Group(std::string description = "web") {
  return {{"GroupName", "web"}, {"GroupDescription", description}, {"VpcId", {{"Ref", "Vpc"}}}};
}

json SeenGroup(std::string description = "web") {
  return {{"GroupName", "web"},
          {"GroupDescription", description},
          {"VpcId", "vpc-1"},
          {"Tags", json::array()}};
}

INSTANTIATE_TEST_SUITE_P(
    Table, PlannerTest,
    ::testing::Values(
        PlanCase{"missing in AWS is created",
                 Decl("Web", "AWS::EC2::SecurityGroup", Group()),
                 {},
                 true,
                 std::nullopt,
                 ActionKind::kCreate},
        PlanCase{"ours and equal needs nothing",
                 Decl("Web", "AWS::EC2::SecurityGroup", Group()),
                 {Observed("sg-1", "Web", SeenGroup())},
                 true,
                 std::nullopt,
                 ActionKind::kNone},
        PlanCase{"a reference that does not exist yet waits",
                 Decl("Web", "AWS::EC2::SecurityGroup", Group()),
                 {},
                 false,
                 std::nullopt,
                 ActionKind::kWaitForReferences},
        PlanCase{"a changed create-only property needs replacement",
                 Decl("Web", "AWS::EC2::SecurityGroup", Group("new")),
                 {Observed("sg-1", "Web", SeenGroup("old"))},
                 true,
                 std::nullopt,
                 ActionKind::kNeedsReplacement},
        PlanCase{"a changed mutable property is updated",
                 Decl("Web", "AWS::EC2::SecurityGroup",
                      [] {
                        json g = Group();
                        g["Tags"] = json::array({{{"Key", "team"}, {"Value", "a"}}});
                        return g;
                      }()),
                 {Observed("sg-1", "Web", SeenGroup())},
                 true,
                 std::nullopt,
                 ActionKind::kUpdate},
        PlanCase{"a look-alike without our tags is a conflict",
                 Decl("Web", "AWS::EC2::SecurityGroup", Group()),
                 {Observed("sg-9", "", SeenGroup(), "")},
                 true,
                 std::nullopt,
                 ActionKind::kConflict},
        PlanCase{"a look-alike whose tags are not read yet is waited for, never a conflict",
                 [] {
                   auto decl = Decl("Web", "AWS::EC2::SecurityGroup", Group());
                   decl.adopt_policy = config::AdoptPolicy::kAdopt;
                   return decl;
                 }(),
                 {[] {
                   ObservedResource unread = Observed("sg-9", "", SeenGroup(), "");
                   unread.tags_unknown = true;
                   return unread;
                 }()},
                 true,
                 std::nullopt,
                 ActionKind::kWaitForAws},
        PlanCase{"a look-alike with AdoptPolicy Adopt is adopted",
                 [] {
                   auto decl = Decl("Web", "AWS::EC2::SecurityGroup", Group());
                   decl.adopt_policy = config::AdoptPolicy::kAdopt;
                   return decl;
                 }(),
                 {Observed("sg-9", "", SeenGroup(), "")},
                 true,
                 std::nullopt,
                 ActionKind::kAdopt},
        PlanCase{"a look-alike owned by another daemon is a conflict even with Adopt",
                 [] {
                   auto decl = Decl("Web", "AWS::EC2::SecurityGroup", Group());
                   decl.adopt_policy = config::AdoptPolicy::kAdopt;
                   return decl;
                 }(),
                 {Observed("sg-9", "Web", SeenGroup(), "someone-else")},
                 true,
                 std::nullopt,
                 ActionKind::kConflict},
        PlanCase{"our released resource under the same logical ID is taken back",
                 Decl("Web", "AWS::EC2::SecurityGroup", Group()),
                 {Observed("sg-1", "Web", SeenGroup(), "released:me")},
                 true,
                 std::nullopt,
                 ActionKind::kAdopt},
        PlanCase{"a resource released under another logical ID is a conflict",
                 Decl("Web", "AWS::EC2::SecurityGroup", Group()),
                 {Observed("sg-1", "OldWeb", SeenGroup(), "released:me")},
                 true,
                 std::nullopt,
                 ActionKind::kConflict},
        PlanCase{"... which AdoptPolicy Adopt takes over",
                 [] {
                   auto decl = Decl("Web", "AWS::EC2::SecurityGroup", Group());
                   decl.adopt_policy = config::AdoptPolicy::kAdopt;
                   return decl;
                 }(),
                 {Observed("sg-1", "OldWeb", SeenGroup(), "released:someone-else")},
                 true,
                 std::nullopt,
                 ActionKind::kAdopt},
        PlanCase{"a named resource is created again despite a pending marker (the name guards it)",
                 Decl("Web", "AWS::EC2::SecurityGroup", Group()),
                 {},
                 true,
                 std::chrono::seconds(5),
                 ActionKind::kCreate}),
    [](const auto& info) {
      std::string name = info.param.reason;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(PlannerTest, AnUnnamedCreateNotYetVisibleIsWaitedForUntilTheGraceRunsOut) {
  const auto catalog = config::TypeCatalog::Embedded();
  FakeReconciler vpcs("AWS::EC2::VPC", "");
  const auto decl = Decl("Vpc", "AWS::EC2::VPC", {{"CidrBlock", "10.0.0.0/16"}});
  const config::Declarations desired = config::ToDeclarations({decl});
  ObservedIndex observed("me");
  observed.Replace(kVpcs, {});
  const auto now = WallClock::now();
  const PlanContext context{"me", kRegion, "123456789012", now, std::chrono::seconds(60)};
  ResourceStatus status;
  status.set_create_pending_since(now - std::chrono::seconds(5));
  EXPECT_EQ(PlanDesired(decl, vpcs, desired, observed, &status, catalog, context).kind,
            ActionKind::kWaitForAws);
  status.set_create_pending_since(now - std::chrono::seconds(61));
  EXPECT_EQ(PlanDesired(decl, vpcs, desired, observed, &status, catalog, context).kind,
            ActionKind::kCreate);
}

TEST(PlannerTest, AReleasedResourceIsNeverPlannedForRemovalAgain) {
  ObservedIndex observed("me");
  observed.Replace(kVpcs, {Observed("vpc-1", "Old", json::object(), "released:me"),
                           Observed("vpc-2", "Kept", json::object())});
  const auto owned = observed.AllOwned();
  ASSERT_EQ(owned.size(), 1u);
  EXPECT_EQ(owned[0].second->physical_id, "vpc-2");
  ASSERT_NE(observed.FindReleased(kVpcs, "Old"), nullptr);
  EXPECT_EQ(observed.FindReleased(kVpcs, "Kept"), nullptr);
  EXPECT_EQ(observed.FindOwned(kVpcs, "Old"), nullptr);
}

TEST(PlannerTest, RemovalFollowsTheDeletionPolicyTag) {
  ObservedResource resource = Observed("vpc-1", "Old", json::object());
  resource.tags[std::string(kDeletionPolicyTag)] = "Delete";
  EXPECT_EQ(PlanRemoval(kVpcs, std::make_shared<const ObservedResource>(resource)).kind,
            ActionKind::kDelete);
  resource.tags[std::string(kDeletionPolicyTag)] = "Snapshot";  // the reconciler snapshots first
  EXPECT_EQ(PlanRemoval(kVpcs, std::make_shared<const ObservedResource>(resource)).kind,
            ActionKind::kDelete);
  resource.tags[std::string(kDeletionPolicyTag)] = "Retain";
  EXPECT_EQ(PlanRemoval(kVpcs, std::make_shared<const ObservedResource>(resource)).kind,
            ActionKind::kRelease);
  resource.tags.erase(std::string(kDeletionPolicyTag));
  EXPECT_EQ(PlanRemoval(kVpcs, std::make_shared<const ObservedResource>(resource)).kind,
            ActionKind::kRelease);
}

TEST(PlannerTest, ANotReadyResourceIsWaitedForWithAwsStatusAndNotUpdated) {
  const auto catalog = config::TypeCatalog::Embedded();
  FakeReconciler groups("AWS::EC2::SecurityGroup", "GroupName");
  json tagged = Group();
  tagged["Tags"] = json::array({{{"Key", "team"}, {"Value", "a"}}});
  const auto decl = Decl("Web", "AWS::EC2::SecurityGroup", tagged);
  const config::Declarations desired =
      config::ToDeclarations({Decl("Vpc", "AWS::EC2::VPC", {{"CidrBlock", "10.0.0.0/16"}}), decl});
  ObservedIndex observed("me");
  observed.Replace(kVpcs, {Observed("vpc-1", "Vpc", {{"CidrBlock", "10.0.0.0/16"}})});
  const auto now = WallClock::now();
  const PlanContext context{"me", kRegion, "123456789012", now, std::chrono::seconds(60)};
  for (const std::string aws_state : {"creating", "modifying"}) {
    ObservedResource busy = Observed("sg-1", "Web", SeenGroup());
    busy.ready = false;
    busy.aws_state = aws_state;
    observed.Replace(kGroups, {busy});
    ResourceStatus status;
    const Action action = PlanDesired(decl, groups, desired, observed, &status, catalog, context);
    EXPECT_EQ(action.kind, ActionKind::kWaitForAws) << aws_state;
    EXPECT_NE(action.message.find("(" + aws_state + ")"), std::string::npos) << action.message;
  }
}

// DependencyLevels over `keys`, its levels as the strings they point at (which are `keys`' own).
std::vector<std::vector<std::string>> LevelsOf(
    const std::vector<std::string>& keys,
    const std::function<StringSet(const std::string&)>& dependencies_of) {
  std::vector<const std::string*> pointers;
  for (const std::string& key : keys) pointers.push_back(&key);
  std::vector<std::vector<std::string>> levels;
  for (const auto& level : DependencyLevels(pointers, dependencies_of)) {
    std::vector<std::string>& texts = levels.emplace_back();
    for (const std::string* key : level) {
      EXPECT_TRUE(key >= keys.data() && key < keys.data() + keys.size()) << "not a copy";
      texts.push_back(*key);
    }
  }
  return levels;
}

TEST(PlannerTest, DependencyLevelsPutEveryKeyAfterWhatItNeeds) {
  const std::map<std::string, StringSet> needs = {{"Vpc", {}},
                                                  {"Subnet", {"Vpc"}},
                                                  {"Group", {"Vpc"}},
                                                  {"Instance", {"Subnet", "Group"}},
                                                  {"Alone", {"NotInThisSet"}}};
  const auto levels = LevelsOf({"Instance", "Group", "Subnet", "Vpc", "Alone"},
                               [&](const std::string& id) { return needs.at(id); });
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_EQ(levels[0], (std::vector<std::string>{"Vpc", "Alone"}));
  EXPECT_EQ(levels[1], (std::vector<std::string>{"Group", "Subnet"}));
  EXPECT_EQ(levels[2], (std::vector<std::string>{"Instance"}));

  // A cycle (refused by validation before it gets here) still ends, every key placed once.
  const std::map<std::string, StringSet> loop = {{"A", {"B"}}, {"B", {"A"}}};
  const auto looped = LevelsOf({"A", "B"}, [&](const std::string& id) { return loop.at(id); });
  std::size_t placed = 0;
  for (const auto& level : looped) placed += level.size();
  EXPECT_EQ(placed, 2u);
}

TEST(BackoffTest, GrowsExponentiallyWithinHalfJitterAndStopsAtTheCap) {
  EXPECT_EQ(BackoffDelay(1, 0.0), std::chrono::milliseconds(500));
  EXPECT_EQ(BackoffDelay(1, 1.0), std::chrono::milliseconds(1000));
  EXPECT_EQ(BackoffDelay(4, 0.0), std::chrono::milliseconds(4000));
  EXPECT_EQ(BackoffDelay(4, 1.0), std::chrono::milliseconds(8000));
  EXPECT_EQ(BackoffDelay(40, 1.0), std::chrono::minutes(5));
  EXPECT_EQ(BackoffDelay(40, 0.0), std::chrono::milliseconds(150000));
}

// The engine skips planning a resource whose inputs did not move (pass_fingerprint.h).
ObservedResource FingerprintedGroup() {
  ObservedResource group;
  group.physical_id = "sg-0123";
  group.identity_key = "vpc-1/web";
  group.region = "us-east-1";
  group.properties = {{"GroupName", "web"},
                      {"SecurityGroupIngress",
                       json::array({{{"IpProtocol", "tcp"}, {"FromPort", 443}, {"ToPort", 443}}})}};
  group.tags = {{"awsreconciled:owner", "me"}, {"awsreconciled:logical-id", "Web"}};
  group.attributes = {{"GroupId", "sg-0123"}};
  return group;
}

// Changes a resource's properties as a DOM, packed again after.
void EditProperties(ObservedResource& resource, const std::function<void(json&)>& edit) {
  json properties = resource.properties.Unpack();
  edit(properties);
  resource.properties = properties;
}

// Every change a plan could see must move the fingerprint: else a drifted resource would be
// skipped as "in sync" and never corrected.
TEST(PassFingerprintTest, AnyChangeToAnObservedItemMovesItsFingerprint) {
  struct Case {
    std::string reason;
    std::function<void(ObservedResource&)> change;
  };
  const std::vector<Case> cases = {
      {"a rule revoked", [](auto& r) { r.properties.Set("SecurityGroupIngress", json::array()); }},
      {"a port changed",
       [](auto& r) {
         EditProperties(r, [](json& p) { p["SecurityGroupIngress"][0]["ToPort"] = 444; });
       }},
      {"a number became text", [](auto& r) { r.properties.Set("GroupName", 5); }},
      {"a property added", [](auto& r) { r.properties.Set("Description", "x"); }},
      {"a tag changed", [](auto& r) { r.tags["awsreconciled:owner"] = "other"; }},
      {"a tag removed", [](auto& r) { r.tags.erase("awsreconciled:logical-id"); }},
      {"an attribute changed", [](auto& r) { r.attributes["GroupId"] = "sg-9"; }},
      {"no longer ready", [](auto& r) { r.ready = false; }},
      {"AWS's state word", [](auto& r) { r.aws_state = "pending"; }},
      {"private details", [](auto& r) { r.internal["association"] = "a-1"; }},
      {"tags not read yet", [](auto& r) { r.tags_unknown = true; }},
      {"another physical id", [](auto& r) { r.physical_id = "sg-0124"; }},
      {"a tag key and value swapped across the boundary",
       [](auto& r) {
         r.tags = {{"awsreconciled:owner", "meawsreconciled:logical-id"}, {"", "Web"}};
       }},
      {"a whole number became a float",
       [](auto& r) {
         EditProperties(r, [](json& p) { p["SecurityGroupIngress"][0]["ToPort"] = 443.0; });
       }},
      {"a port became its text",
       [](auto& r) {
         EditProperties(r, [](json& p) { p["SecurityGroupIngress"][0]["ToPort"] = "443"; });
       }},
      {"a property renamed",
       [](auto& r) {
         r.properties.Set("GroupNam", "web");
         r.properties.Erase("GroupName");
       }},
      {"an attribute added", [](auto& r) { r.attributes["VpcId"] = "vpc-1"; }},
      {"an attribute's type", [](auto& r) { r.attributes["GroupId"] = json::array({"sg-0123"}); }},
      {"another identity key", [](auto& r) { r.identity_key = "vpc-1/web2"; }},
      {"another region", [](auto& r) { r.region = "eu-west-1"; }},
  };
  const Fingerprint before = FingerprintOf(FingerprintedGroup());
  EXPECT_EQ(FingerprintOf(FingerprintedGroup()), before) << "the same item, the same fingerprint";
  EXPECT_TRUE(SameFingerprintInputs(FingerprintedGroup(), FingerprintedGroup()));
  for (const auto& row : cases) {
    ObservedResource changed = FingerprintedGroup();
    row.change(changed);
    EXPECT_NE(FingerprintOf(changed), before) << row.reason;
    // The index keeps a fingerprint only for an item that agrees with the one it replaces.
    EXPECT_FALSE(SameFingerprintInputs(changed, FingerprintedGroup())) << row.reason;
    EXPECT_FALSE(SameFingerprintInputs(FingerprintedGroup(), changed)) << row.reason;
    ObservedIndex index("me");
    index.Replace(kGroups, {FingerprintedGroup()});
    index.Replace(kGroups, {changed});
    EXPECT_EQ(index.FingerprintOf(kGroups, changed.physical_id), FingerprintOf(changed))
        << row.reason;
  }
}

// A steady observation hands the index the same items again: each keeps its fingerprint, and
// one that moved gets its new one, whatever else the observation holds.
TEST(PassFingerprintTest, TheIndexReusesAFingerprintOnlyForAnItemThatDidNotMove) {
  ObservedIndex index("me");
  ObservedResource other = FingerprintedGroup();
  other.physical_id = "sg-0999";
  other.identity_key = "vpc-1/other";
  other.tags["awsreconciled:logical-id"] = "Other";
  index.Replace(kGroups, {FingerprintedGroup(), other});
  const auto kept = index.FingerprintOf(kGroups, "sg-0123");
  ASSERT_TRUE(kept.has_value());
  index.Replace(kGroups, {FingerprintedGroup(), other});
  EXPECT_EQ(index.FingerprintOf(kGroups, "sg-0123"), kept) << "nothing moved";

  ObservedResource revoked = FingerprintedGroup();
  revoked.properties.Set("SecurityGroupIngress", json::array());
  index.Replace(kGroups, {revoked, other});
  EXPECT_EQ(index.FingerprintOf(kGroups, "sg-0123"), FingerprintOf(revoked));
  EXPECT_NE(index.FingerprintOf(kGroups, "sg-0123"), kept);
  index.Replace(kGroups, {FingerprintedGroup()});
  EXPECT_EQ(index.FingerprintOf(kGroups, "sg-0123"), kept) << "back as it was";
  EXPECT_FALSE(index.FingerprintOf(kGroups, "sg-0999").has_value()) << "gone";

  // Put (after our own write) always takes the fingerprint afresh.
  index.Put(kGroups, revoked);
  EXPECT_EQ(index.FingerprintOf(kGroups, "sg-0123"), FingerprintOf(revoked));

  // Nothing moved, except what the fingerprint does not read: still replaced.
  ObservedResource made_by_aws = revoked;
  made_by_aws.made_by_aws = true;
  index.Replace(kGroups, {made_by_aws});
  ASSERT_NE(index.Find(kGroups, "sg-0123"), nullptr);
  EXPECT_TRUE(index.Find(kGroups, "sg-0123")->made_by_aws);
  // As many resources as before, each unchanged, but one twice: the other is gone.
  index.Replace(kGroups, {revoked, other});
  index.Replace(kGroups, {revoked, revoked});
  EXPECT_EQ(index.Find(kGroups, "sg-0999"), nullptr);
  EXPECT_NE(index.Find(kGroups, "sg-0123"), nullptr);
  // A steady replace keeps every lookup.
  ObservedResource ours = FingerprintedGroup();
  index.Replace(kGroups, {ours, other});
  index.Replace(kGroups, {ours, other});
  ASSERT_NE(index.FindOwned(kGroups, "Web"), nullptr);
  EXPECT_EQ(index.FindOwned(kGroups, "Web")->physical_id, "sg-0123");
  ASSERT_NE(index.FindByIdentity(kGroups, "vpc-1/web"), nullptr);
  EXPECT_EQ(index.Of(kGroups).size(), 2u);
}

TEST(PassFingerprintTest, AnyChangeToADeclarationMovesItsFingerprint) {
  config::ResourceDecl decl;
  decl.logical_id = "Web";
  decl.type = "AWS::EC2::SecurityGroup";
  decl.properties = json{{"GroupName", "web"}, {"VpcId", {{"Ref", "Vpc"}}}};
  decl.file = "a.json";
  const Fingerprint before = FingerprintOf(decl);
  const std::vector<std::pair<std::string, std::function<void(config::ResourceDecl&)>>> cases = {
      {"a property",
       [](auto& d) {
         d.properties = json{{"GroupName", "web2"}, {"VpcId", {{"Ref", "Vpc"}}}};
       }},
      {"a reference",
       [](auto& d) {
         d.properties = json{{"GroupName", "web"}, {"VpcId", {{"Ref", "Other"}}}};
       }},
      {"DependsOn", [](auto& d) { d.Seldom().depends_on.push_back("Vpc"); }},
      {"DeletionPolicy", [](auto& d) { d.deletion_policy = config::DeletionPolicy::kDelete; }},
      {"ManagementPolicy",
       [](auto& d) { d.management_policy = config::ManagementPolicy::kObserveOnly; }},
      {"AdoptPolicy", [](auto& d) { d.adopt_policy = config::AdoptPolicy::kAdopt; }},
      {"region", [](auto& d) { d.region = "eu-west-1"; }},
      {"account",
       [](auto& d) {
         d.account = config::AccountTarget{"arn:aws:iam::111111111111:role/a", "", ""};
       }},
      {"file", [](auto& d) { d.file = "b.json"; }},
  };
  for (const auto& [reason, change] : cases) {
    config::ResourceDecl changed = decl;
    change(changed);
    EXPECT_NE(FingerprintOf(changed), before) << reason;
  }
}

TEST(PassFingerprintTest, TheMemoSkipsOnlyWhatDidNotMove) {
  ObservedResource group = FingerprintedGroup();
  const auto inputs = [&] {
    return FingerprintBuilder().Add("decl").Add(std::optional(FingerprintOf(group))).Done();
  };
  ResourceRecords memo;
  // What PlanPass asks of an entry: found in sync with these inputs, or by a pass of that stamp.
  const auto unchanged = [&](const std::string& id, const Fingerprint& now) {
    const InSyncEntry* entry = memo.InSync(id);
    return entry != nullptr && entry->inputs == now;
  };
  const auto unchanged_since = [&](const std::string& id, const InputsStamp& stamp) {
    const InSyncEntry* entry = memo.InSync(id);
    return entry != nullptr && entry->stamp == stamp;
  };
  EXPECT_FALSE(unchanged("Web", inputs())) << "never found in sync: planned";
  const auto nobody = memo.InSyncMembership();
  memo.RecordInSync("Web", inputs(), {.observed = 7, .engine = 2});
  const auto web = memo.InSyncMembership();
  EXPECT_NE(web, nobody) << "Web came in";
  memo.RecordInSync("Web", inputs(), {.observed = 8, .engine = 2});
  EXPECT_EQ(memo.InSyncMembership(), web) << "found in sync again: who is in sync did not move";
  memo.RecordInSync("Web", inputs(), {.observed = 7, .engine = 2});
  EXPECT_TRUE(unchanged("Web", inputs())) << "nothing moved: skipped";
  EXPECT_TRUE(unchanged_since("Web", {.observed = 7, .engine = 2}))
      << "neither generation moved: skipped without taking its inputs";
  EXPECT_FALSE(unchanged_since("Web", {.observed = 8, .engine = 2})) << "the index moved";
  EXPECT_FALSE(unchanged_since("Web", {.observed = 7, .engine = 3})) << "a file moved";
  EXPECT_FALSE(unchanged_since("Other", {.observed = 7, .engine = 2}));
  EXPECT_FALSE(unchanged("Other", inputs())) << "another resource";
  group.properties.Set("SecurityGroupIngress", json::array());  // revoked behind our back
  EXPECT_FALSE(unchanged("Web", inputs())) << "a changed observed item is planned";
  group = FingerprintedGroup();
  EXPECT_TRUE(unchanged("Web", inputs()));
  memo.ForgetInSync("Other");
  EXPECT_EQ(memo.InSyncMembership(), web) << "never in sync: nothing left";
  memo.ForgetInSync("Web");
  EXPECT_NE(memo.InSyncMembership(), web) << "Web left";
  EXPECT_EQ(memo.Find("Web"), nullptr) << "nothing else was kept of Web: its entry went";
  EXPECT_FALSE(unchanged("Web", inputs())) << "forgotten: planned";
  EXPECT_FALSE(unchanged_since("Web", {.observed = 7, .engine = 2}));
  // An observed item and its absence differ, and so do parts split differently.
  EXPECT_NE(FingerprintBuilder().Add(std::nullopt).Done(),
            FingerprintBuilder().Add(std::optional(FingerprintOf(group))).Done());
  EXPECT_NE(FingerprintBuilder().Add("ab").Add("c").Done(),
            FingerprintBuilder().Add("a").Add("bc").Done());
}

TEST(ResourceRecordsTest, AnEntryKeepsEachPartApartAndGoesWithTheLast) {
  ResourceRecords records;
  const Fingerprint declared = HalfSha256("declaration");
  const ShortDigest applied = HalfSha256("applied");
  records.SetDeclaration("Web", declared);
  records.SetAppliedSpec("Web", applied);
  const auto [key, moved] = records.SetIdentityKey("Web", "vpc-1|web");
  EXPECT_EQ(key, "vpc-1|web");
  EXPECT_TRUE(moved);
  EXPECT_FALSE(records.SetIdentityKey("Web", "vpc-1|web").second) << "the same key again";
  records.AddDependent("Web", "Rule");
  records.AddDependent("Web", "Alarm");
  const ResourceRecord* web = records.Find("Web");
  ASSERT_NE(web, nullptr);
  ASSERT_NE(web->declaration(), nullptr);
  EXPECT_EQ(*web->declaration(), declared);
  ASSERT_NE(web->applied_spec(), nullptr);
  EXPECT_EQ(*web->applied_spec(), applied);
  EXPECT_EQ(web->in_sync(), nullptr) << "never found in sync";
  EXPECT_EQ(records.DependentsOf("Web"), (StringSet{"Alarm", "Rule"}));
  EXPECT_TRUE(records.DependentsOf("Nobody").empty());
  // Each part unset alone leaves the others; the entry goes with the last one.
  records.SetDeclaration("Web", std::nullopt);
  EXPECT_EQ(records.Find("Web")->declaration(), nullptr);
  EXPECT_EQ(*records.Find("Web")->applied_spec(), applied) << "its applied spec is kept";
  records.SetAppliedSpec("Web", std::nullopt);
  EXPECT_TRUE(records.EraseIdentityKey("Web"));
  EXPECT_FALSE(records.EraseIdentityKey("Web")) << "none left to erase";
  records.RemoveDependent("Web", "Rule");
  ASSERT_NE(records.Find("Web"), nullptr) << "Alarm still depends on it";
  records.RemoveDependent("Web", "Alarm");
  EXPECT_EQ(records.Find("Web"), nullptr);
  // Unsetting what an ID never had makes no entry for it.
  records.SetAppliedSpec("Ghost", std::nullopt);
  records.RemoveDependent("Ghost", "Web");
  records.ForgetInSync("Ghost");
  EXPECT_EQ(records.Find("Ghost"), nullptr);
}

// Files with a RoleArn: their resources are observed in their own account's buckets, and
// references and AWS::AccountId resolve per resource.
TEST(PlannerTest, EachAccountIsObservedApartAndReferencesCrossAccounts) {
  const auto catalog = config::TypeCatalog::Embedded();
  FakeReconciler vpcs("AWS::EC2::VPC", "");
  FakeReconciler groups("AWS::EC2::SecurityGroup", "GroupName");
  const std::string role = "arn:aws:iam::111111111111:role/deploy";
  auto vpc = Decl("Vpc", "AWS::EC2::VPC", {{"CidrBlock", "10.0.0.0/16"}});
  vpc.account = config::AccountTarget{role, "", ""};
  const json group_properties = {{"GroupName", "web"},
                                 {"GroupDescription", {{"Fn::Sub", "in ${AWS::AccountId}"}}},
                                 {"VpcId", {{"Ref", "Vpc"}}}};
  const auto own_group = Decl("OwnWeb", "AWS::EC2::SecurityGroup", group_properties);
  auto member_group = Decl("MemberWeb", "AWS::EC2::SecurityGroup", group_properties);
  member_group.account = config::AccountTarget{role, "", ""};
  const config::Declarations desired = config::ToDeclarations({vpc, own_group, member_group});
  const TypeRegion member_vpcs{"AWS::EC2::VPC", kRegion, role};
  const TypeRegion member_groups{"AWS::EC2::SecurityGroup", kRegion, role};
  ObservedIndex observed("me");
  // The same logical ID in the daemon's own account is another resource.
  observed.Replace(kVpcs, {Observed("vpc-own", "Vpc", {{"CidrBlock", "10.0.0.0/16"}})});
  observed.Replace(member_vpcs, {Observed("vpc-member", "Vpc", {{"CidrBlock", "10.0.0.0/16"}})});
  observed.Replace(kGroups, {});
  observed.Replace(member_groups, {});
  const PlanContext context{"me", kRegion, "123456789012", WallClock::now(),
                            std::chrono::seconds(60)};
  EXPECT_EQ(WhereOf(vpc, context), member_vpcs);
  EXPECT_EQ(WhereOf(own_group, context), kGroups);
  for (const TypeRegion& where : {member_vpcs, member_groups, kVpcs, kGroups}) {
    for (const config::ResourceDecl& decl : {vpc, own_group, member_group}) {
      EXPECT_EQ(IsAt(decl, where, context), WhereOf(decl, context) == where)
          << decl.logical_id << " at " << where.type << " " << where.role_arn;
    }
  }
  EXPECT_FALSE(IsAt(own_group, {kGroups.type, "eu-west-1", ""}, context)) << "another region";

  const Action vpc_action = PlanDesired(vpc, vpcs, desired, observed, nullptr, catalog, context);
  EXPECT_EQ(vpc_action.kind, ActionKind::kNone) << vpc_action.message;
  ASSERT_NE(vpc_action.observed, nullptr);
  EXPECT_EQ(vpc_action.observed->physical_id, "vpc-member");
  const Action own = PlanDesired(own_group, groups, desired, observed, nullptr, catalog, context);
  ASSERT_EQ(own.kind, ActionKind::kCreate) << own.message;
  EXPECT_EQ(own.desired.properties["VpcId"], "vpc-member");
  EXPECT_EQ(own.desired.properties["GroupDescription"], "in 123456789012");
  const Action member =
      PlanDesired(member_group, groups, desired, observed, nullptr, catalog, context);
  ASSERT_EQ(member.kind, ActionKind::kCreate) << member.message;
  EXPECT_EQ(member.where, member_groups);
  EXPECT_EQ(member.desired.properties["GroupDescription"], "in 111111111111");
}

TEST(AccountRegistriesTest, BuildsOneRegistryPerRoleWhenFirstNeeded) {
  const Registry own;
  std::vector<config::AccountTarget> built;
  AccountRegistries accounts(own, [&](const config::AccountTarget& target) {
    built.push_back(target);
    return std::make_unique<Registry>();
  });
  EXPECT_EQ(&accounts.For(""), &own);
  const std::string role_a = "arn:aws:iam::111111111111:role/a";
  accounts.Know({role_a, "ext", "session-a"});
  accounts.Know({role_a, "other", ""});  // the first target named for a role wins
  const Registry& a = accounts.For(role_a);
  EXPECT_NE(&a, &own);
  EXPECT_EQ(&accounts.For(role_a), &a);
  accounts.For("arn:aws:iam::222222222222:role/b");  // known only from a status: no options
  ASSERT_EQ(built.size(), 2u);
  EXPECT_EQ(built[0], (config::AccountTarget{role_a, "ext", "session-a"}));
  EXPECT_EQ(built[1], (config::AccountTarget{"arn:aws:iam::222222222222:role/b", "", ""}));
  EXPECT_EQ(accounts.Built(), 2u);

  // Without a factory a role's types have no reconciler: never the daemon's own credentials.
  const AccountRegistries without(own, nullptr);
  EXPECT_EQ(without.For(role_a).Find("AWS::EC2::VPC"), nullptr);
}

}  // namespace
}  // namespace awsr::engine
