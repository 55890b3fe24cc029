// What a focused observation (a cycle for a changed file) replaces in the index, and what it
// leaves as the last whole observation had it.
#include "daemon/engine/observed_index.h"

#include <gtest/gtest.h>

namespace awsr::engine::observed_index_test {
namespace {

const TypeRegion kGroups{"AWS::EC2::SecurityGroup", "us-east-1"};

ObservedResource Group(std::string id, std::string key, std::string owner = "",
                       std::string logical_id = "", std::string description = "") {
  ObservedResource resource;
  resource.physical_id = std::move(id);
  resource.identity_key = std::move(key);
  resource.region = kGroups.region;
  resource.properties = nlohmann::json{{"GroupDescription", std::move(description)}};
  if (!owner.empty())
    resource.tags = {{std::string(kOwnerTag), owner}, {std::string(kLogicalIdTag), logical_id}};
  return resource;
}

class ObservedIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_.Replace(kGroups, {Group("sg-a", "vpc/a", "me", "A"), Group("sg-b", "vpc/b", "me", "B"),
                             Group("sg-theirs", "vpc/web")});
  }
  std::vector<std::string> Ids() const {
    std::vector<std::string> ids;
    for (const ObservedResource* held : index_.Held(kGroups)) ids.push_back(held->physical_id);
    return ids;
  }
  ObservedIndex index_{"me"};
};

TEST_F(ObservedIndexTest, AFocusedObservationReplacesOnlyItsResources) {
  struct Case {
    const char* what;
    Focus focus;
    std::vector<ObservedResource> seen;
    std::vector<std::string> held;  // by physical ID, sorted
  };
  const Case cases[] = {
      {"a changed resource of the focus is replaced, the rest stays",
       {{"A"}, {}},
       {Group("sg-a", "vpc/a", "me", "A", "changed")},
       {"sg-a", "sg-b", "sg-theirs"}},
      {"one of the focus AWS no longer has is forgotten", {{"A"}, {}}, {}, {"sg-b", "sg-theirs"}},
      {"a look-alike gone under a focused identity key is forgotten",
       {{"Web"}, {"vpc/web"}},
       {},
       {"sg-a", "sg-b"}},
      {"a new resource of the focus is added",
       {{"C"}, {"vpc/c"}},
       {Group("sg-c", "vpc/c", "me", "C")},
       {"sg-a", "sg-b", "sg-c", "sg-theirs"}},
  };
  for (const Case& c : cases) {
    SetUp();
    index_.Merge(kGroups, c.focus, c.seen);
    EXPECT_EQ(Ids(), c.held) << c.what;
  }
  SetUp();
  index_.Merge(kGroups, {{"A"}, {}}, {Group("sg-a", "vpc/a", "me", "A", "changed")});
  EXPECT_EQ(index_.FindOwned(kGroups, "A")->properties["GroupDescription"], "changed");
  EXPECT_EQ(index_.FindOwned(kGroups, "B")->physical_id, "sg-b");
  EXPECT_EQ(index_.FindByIdentity(kGroups, "vpc/web")->physical_id, "sg-theirs");
}

// A reaction to a file that finds its resources as they were moves nothing: the next full
// cycle still knows every pass in sync by its stamp (the index's generation).
TEST_F(ObservedIndexTest, AFocusedObservationThatFindsNothingChangedMovesNothing) {
  const std::uint64_t generation = index_.Generation();
  const ObservedResource* held = index_.FindOwned(kGroups, "A");
  index_.Merge(kGroups, {{"A"}, {}}, {Group("sg-a", "vpc/a", "me", "A")});
  EXPECT_EQ(index_.Generation(), generation);
  EXPECT_EQ(index_.FindOwned(kGroups, "A"), held) << "the held resource stays";
  index_.Merge(kGroups, {{"Web"}, {"vpc/web"}}, {Group("sg-theirs", "vpc/web")});
  EXPECT_EQ(index_.Generation(), generation) << "a look-alike seen again as it was";
  index_.Merge(kGroups, {{"C"}, {"vpc/c"}}, {});
  EXPECT_EQ(index_.Generation(), generation) << "nothing there before, nothing now";

  struct Case {
    const char* what;
    Focus focus;
    std::vector<ObservedResource> seen;
  };
  const Case moved[] = {
      {"changed", {{"A"}, {}}, {Group("sg-a", "vpc/a", "me", "A", "changed")}},
      {"gone", {{"A"}, {}}, {}},
      {"one more", {{"A"}, {"vpc/x"}}, {Group("sg-a", "vpc/a", "me", "A"), Group("sg-x", "vpc/x")}},
      {"the same one twice",
       {{"A", "B"}, {}},
       {Group("sg-a", "vpc/a", "me", "A"), Group("sg-a", "vpc/a", "me", "A")}},
  };
  for (const Case& c : moved) {
    SetUp();
    const std::uint64_t before = index_.Generation();
    index_.Merge(kGroups, c.focus, c.seen);
    EXPECT_GT(index_.Generation(), before) << c.what;
  }
}

// What the observation memo hands back unchanged is the resource the index holds: held once,
// kept without a comparison, its fingerprint kept; a changed one replaces it.
TEST_F(ObservedIndexTest, AResourceHandedBackSharedIsHeldOnceAndKept) {
  index_.Replace(kGroups, {Group("sg-w", "vpc/w", "me", "W")});
  const std::optional<Fingerprint> fingerprint = index_.FingerprintOf(kGroups, "sg-w");
  ASSERT_TRUE(fingerprint);
  const std::uint64_t generation = index_.Generation();
  const SharedObserved web = ShareObserved(Group("sg-w", "vpc/w", "me", "W"));
  index_.Replace(kGroups, ObservedList(std::vector<SharedObserved>{web}));
  EXPECT_EQ(index_.FindOwned(kGroups, "W"), web.get()) << "an equal fresh one is held instead";
  EXPECT_EQ(index_.FingerprintOf(kGroups, "sg-w"), fingerprint);
  index_.Replace(kGroups, ObservedList(std::vector<SharedObserved>{web}));
  EXPECT_EQ(index_.FindOwned(kGroups, "W"), web.get());
  EXPECT_EQ(index_.FingerprintOf(kGroups, "sg-w"), fingerprint);
  EXPECT_EQ(index_.Generation(), generation) << "nothing moved";

  index_.Replace(kGroups, {Group("sg-w", "vpc/w", "me", "W", "changed")});
  EXPECT_GT(index_.Generation(), generation) << "a changed resource moves it";
  ASSERT_NE(index_.FindOwned(kGroups, "W"), web.get());
  EXPECT_EQ(index_.FindOwned(kGroups, "W")->properties["GroupDescription"], "changed");
  EXPECT_NE(index_.FingerprintOf(kGroups, "sg-w"), fingerprint);
  EXPECT_EQ(web->properties["GroupDescription"], "") << "the shared one is not changed";
}

// The very list of the last Replace, handed again, changes nothing; after a Put or a Remove
// in between, the same list is what the (type, region) holds again.
TEST_F(ObservedIndexTest, TheSameListAgainIsKeptAndWhatChangedBetweenIsReplaced) {
  const ObservedList list(std::vector<SharedObserved>{
      ShareObserved(Group("sg-a", "vpc/a", "me", "A")), ShareObserved(Group("sg-b", "vpc/b"))});
  index_.Replace(kGroups, list);
  const std::uint64_t generation = index_.Generation();
  index_.Replace(kGroups, list);
  EXPECT_EQ(index_.Generation(), generation);
  EXPECT_EQ(Ids(), (std::vector<std::string>{"sg-a", "sg-b"}));
  EXPECT_EQ(index_.FindOwned(kGroups, "A"), &list[0]);

  index_.Put(kGroups, Group("sg-c", "vpc/c", "me", "C"));
  index_.Replace(kGroups, list);
  EXPECT_EQ(Ids(), (std::vector<std::string>{"sg-a", "sg-b"})) << "what was put is gone again";
  EXPECT_EQ(index_.FindOwned(kGroups, "C"), nullptr);

  index_.Remove(kGroups, "sg-a");
  index_.Replace(kGroups, list);
  EXPECT_EQ(Ids(), (std::vector<std::string>{"sg-a", "sg-b"})) << "what was removed is back";
  EXPECT_EQ(index_.FindOwned(kGroups, "A"), &list[0]);
  EXPECT_EQ(index_.FindByIdentity(kGroups, "vpc/b"), &list[1]);

  index_.Replace(kGroups, ObservedList());
  EXPECT_TRUE(Ids().empty());
}

// Removing a resource takes it out of every lookup by its own keys (not a walk of all of them),
// also when a list named it twice with other keys the first time, and a Put of a resource held
// under other keys before leaves none of its old keys behind.
TEST_F(ObservedIndexTest, ARemovedResourceIsInNoLookup) {
  index_.Replace(kGroups, ObservedList(std::vector<SharedObserved>{
                              ShareObserved(Group("sg-a", "vpc/first", "me", "First")),
                              ShareObserved(Group("sg-a", "vpc/a", "me", "A")),
                              ShareObserved(Group("sg-b", "vpc/b", "me", "B"))}));
  EXPECT_EQ(index_.FindOwned(kGroups, "First"), nullptr) << "the second naming is what is held";
  EXPECT_EQ(index_.FindByIdentity(kGroups, "vpc/first"), nullptr);
  ASSERT_NE(index_.FindOwned(kGroups, "A"), nullptr);

  index_.Put(kGroups, Group("sg-b", "vpc/b2", "me", "B2"));
  EXPECT_EQ(index_.FindOwned(kGroups, "B"), nullptr);
  EXPECT_EQ(index_.FindByIdentity(kGroups, "vpc/b"), nullptr);
  EXPECT_EQ(index_.FindOwned(kGroups, "B2")->physical_id, "sg-b");

  index_.Remove(kGroups, "sg-a");
  EXPECT_EQ(index_.FindOwned(kGroups, "A"), nullptr);
  EXPECT_EQ(index_.FindByIdentity(kGroups, "vpc/a"), nullptr);
  EXPECT_EQ(index_.FindOwned(kGroups, "B2")->physical_id, "sg-b") << "the others stay";

  ObservedResource untagged = Group("sg-u", "vpc/u");  // ours, its logical-ID tag taken off
  untagged.tags = {{std::string(kOwnerTag), "me"}};
  index_.Put(kGroups, untagged);
  ASSERT_NE(index_.FindOwned(kGroups, ""), nullptr);
  index_.Remove(kGroups, "sg-u");
  EXPECT_EQ(index_.FindOwned(kGroups, ""), nullptr) << "nothing left under the missing tag";
}

TEST_F(ObservedIndexTest, HeldWithAFocusIsItsResourcesOnly) {
  const Focus focus{{"B", "Missing"}, {"vpc/web"}};
  std::vector<std::string> ids;
  for (const ObservedResource* held : index_.Held(kGroups, &focus))
    ids.push_back(held->physical_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"sg-b", "sg-theirs"}));
  EXPECT_TRUE(index_.Held({"AWS::EC2::VPC", "us-east-1"}, &focus).empty());
}

// A type that has just made a resource is handed the one held instead only when nothing a pass
// reads differs, in the same (type, region).
TEST_F(ObservedIndexTest, AResourceEqualToTheOneHeldIsThatOne) {
  const ObservedResource fresh = Group("sg-a", "vpc/a", "me", "A");
  const SharedObserved held = index_.HeldEqual(kGroups, fresh);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(held.get(), index_.FindOwned(kGroups, "A"));

  ObservedResource described = fresh;
  described.properties.Set("GroupDescription", "changed");
  EXPECT_EQ(index_.HeldEqual(kGroups, described), nullptr) << "a property moved";
  described = fresh;
  described.tags[std::string(kLogicalIdTag)] = "Other";
  EXPECT_EQ(index_.HeldEqual(kGroups, described), nullptr) << "a tag moved";
  described = fresh;
  described.made_by_aws = true;
  EXPECT_EQ(index_.HeldEqual(kGroups, described), nullptr) << "made by AWS, not by us";
  EXPECT_EQ(index_.HeldEqual({"AWS::EC2::SecurityGroup", "eu-west-1"}, fresh), nullptr)
      << "another region's";
  EXPECT_EQ(index_.HeldEqual(kGroups, Group("sg-new", "vpc/new")), nullptr) << "not held";
}

}  // namespace
}  // namespace awsr::engine::observed_index_test
