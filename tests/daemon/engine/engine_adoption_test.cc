// The engine adopting what a file lets it adopt (AdoptPolicy: Adopt), through fake types: a
// look-alike whose identity key needs a reference (a security group's VpcId) is found in the
// cycle that resolves the reference, not created and refused as a duplicate first.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <memory>

#include "daemon/engine/engine.h"

namespace awsr::engine::adoption_test {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kOwner[] = "me";
constexpr char kRegion[] = "us-east-1";

// One type in a fake account: everyone's resources of it, and the calls the engine made.
class FakeType : public Reconciler {
 public:
  // String literals: TypeInfo keeps views of them.
  FakeType(std::string_view type, std::string_view name_property)
      : Reconciler({.type = type, .service = "ec2", .name_property = name_property}) {}

  // A security group's key: its VPC and its name (names are per VPC).
  std::string IdentityKey(const DesiredResource& desired) const override {
    const std::string vpc = desired.properties.value("VpcId", "");
    return vpc.empty() ? Reconciler::IdentityKey(desired) : vpc + "/" + desired.name;
  }

  // Ours, and the look-alikes asked for by key, as the real bulk calls return them.
  Task<ObservedList> ObserveAll(ObserveScope scope) override {
    asked.push_back(scope.identity_keys);
    if (failing_observations > 0 && asked.size() > 1) {
      --failing_observations;
      co_return MakeError(ErrorKind::kTransient, "the list timed out");
    }
    std::vector<ObservedResource> seen;
    for (const ObservedResource& resource : aws) {
      const bool wanted = std::find(scope.identity_keys.begin(), scope.identity_keys.end(),
                                    resource.identity_key) != scope.identity_keys.end();
      if (resource.Tag(kOwnerTag) == scope.owner || wanted) seen.push_back(resource);
    }
    co_return seen;
  }

  Task<ObservedResource> Create(DesiredResource desired) override {
    ++creates;
    ObservedResource created;
    created.physical_id = "new-" + desired.logical_id;
    created.identity_key = IdentityKey(desired);
    created.properties = desired.properties;
    created.tags = desired.ownership_tags;
    aws.push_back(created);
    co_return created;
  }

  Task<void> Delete(ObservedResource) override { co_return Result<void>(); }

  Task<std::optional<ObservedResource>> Lookup(std::string physical_id, std::string) override {
    for (const ObservedResource& resource : aws) {
      if (resource.physical_id == physical_id) co_return std::optional(resource);
    }
    co_return std::optional<ObservedResource>();
  }

  std::vector<ObservedResource> aws;
  std::vector<std::vector<std::string>> asked;  // the identity keys of each ObserveAll
  int failing_observations = 0;                 // of those after the cycle's own
  int creates = 0;
};

// Tags kept on the fake type's resources.
class FakeOwnership : public Ownership {
 public:
  explicit FakeOwnership(FakeType& type) : type_(type) {}
  Task<void> Retag(ObservedResource observed, TagMap set, std::vector<std::string>) override {
    ++retags;
    for (ObservedResource& resource : type_.aws) {
      if (resource.physical_id != observed.physical_id) continue;
      for (const auto& [key, value] : set) resource.tags[key] = value;
    }
    co_return Result<void>();
  }
  int retags = 0;

 private:
  FakeType& type_;
};

ObservedResource Unowned(std::string id, std::string key, json properties) {
  ObservedResource resource;
  resource.physical_id = std::move(id);
  resource.identity_key = std::move(key);
  resource.region = kRegion;
  resource.properties = std::move(properties);
  return resource;
}

// What an export of a VPC and a security group in it writes: the VPC by AdoptId, the group
// by name, its VpcId a Ref to the VPC.
constexpr char kExported[] = R"({"Resources": {
  "Vpc": {"Type": "AWS::EC2::VPC", "AdoptPolicy": "Adopt", "AdoptId": "vpc-1",
          "Properties": {"CidrBlock": "10.0.0.0/16"}},
  "Web": {"Type": "AWS::EC2::SecurityGroup", "AdoptPolicy": "Adopt",
          "Properties": {"GroupName": "web", "GroupDescription": "web",
                         "VpcId": {"Ref": "Vpc"}}}}})";

asio::awaitable<Result<std::string>> AccountId() { co_return std::string("123456789012"); }

class EngineAdoptionTest : public ::testing::Test {
 protected:
  static fs::path StateDir() {
    return fs::temp_directory_path() /
           ("awsr-engine-adoption-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  void SetUp() override {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto vpcs = std::make_unique<FakeType>("AWS::EC2::VPC", "");
    auto groups = std::make_unique<FakeType>("AWS::EC2::SecurityGroup", "GroupName");
    vpcs_ = vpcs.get();
    groups_ = groups.get();
    vpc_tags_ = std::make_shared<FakeOwnership>(*vpcs_);
    group_tags_ = std::make_shared<FakeOwnership>(*groups_);
    registry_.Add(std::move(vpcs), vpc_tags_);
    registry_.Add(std::move(groups), group_tags_);
    vpcs_->aws.push_back(Unowned("vpc-1", "", {{"CidrBlock", "10.0.0.0/16"}}));
    groups_->aws.push_back(
        Unowned("sg-1", "vpc-1/web",
                {{"GroupName", "web"}, {"GroupDescription", "web"}, {"VpcId", "vpc-1"}}));
    const config::ParsedDocument exported = config::ParseDocument("net.json", kExported, catalog_);
    EXPECT_TRUE(exported.ok());
    for (const config::ResourceDecl& decl : exported.resources) desired_[decl.logical_id] = decl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs the engine until its first cycle is done, then stops it.
  void RunFirstCycle() {
    Engine engine = MakeEngine();
    engine.Start();
    RunUntilCycle(engine, 1);
    engine.Stop();
    io_.run_for(std::chrono::seconds(5));
  }

  Engine MakeEngine() {
    EngineSettings settings;
    settings.owner = kOwner;
    settings.default_region = kRegion;
    Engine engine(io_.get_executor(), registry_, catalog_, store_, settings, AccountId);
    SetDesired(engine);
    return engine;
  }

  void SetDesired(Engine& engine) {
    std::vector<config::ResourceDecl> decls;
    for (const auto& [id, decl] : desired_) decls.push_back(decl);
    engine.SetDesired(config::SharedDeclarations(
        std::make_shared<const config::Declarations>(config::ToDeclarations(std::move(decls)))));
  }

  // Asks for a full cycle and runs the engine until it is done.
  void RunFullCycle(Engine& engine) {
    engine.EnqueueAll();
    RunUntilCycle(engine, engine.CycleAfterNow());
  }

  void RunUntilCycle(Engine& engine, std::uint64_t cycle) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (engine.Cycles() < cycle && std::chrono::steady_clock::now() < deadline) {
      io_.run_one_for(std::chrono::milliseconds(100));
    }
    ASSERT_GE(engine.Cycles(), cycle) << "cycle " << cycle << " did not finish";
  }

  fs::path dir_ = StateDir();
  asio::io_context io_;
  Registry registry_;
  const config::TypeCatalog catalog_ = config::TypeCatalog::Embedded();
  StatusStore store_{dir_.string()};
  FakeType* vpcs_ = nullptr;
  FakeType* groups_ = nullptr;
  std::shared_ptr<FakeOwnership> vpc_tags_;
  std::shared_ptr<FakeOwnership> group_tags_;
  std::map<std::string, config::ResourceDecl> desired_;
};

TEST_F(EngineAdoptionTest, ALookAlikeKeyedByAReferenceIsAdoptedInTheFirstCycle) {
  RunFirstCycle();
  EXPECT_EQ(groups_->creates, 0) << "no create for a group that exists";
  EXPECT_EQ(vpcs_->creates, 0);
  EXPECT_EQ(group_tags_->retags, 1) << "adopting writes the ownership tags only";
  EXPECT_EQ(vpc_tags_->retags, 1);
  const ResourceStatus* web = store_.Find("Web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->physical_id, "sg-1");
  EXPECT_EQ(web->state, ResourceState::kReady) << web->message;
  EXPECT_FALSE(web->last_error()) << web->message;
  EXPECT_EQ(groups_->aws.at(0).Tag(kLogicalIdTag), "Web");
  // The cycle's observation could not know the key (the VPC was not found yet); one more bulk
  // read asks for just that key.
  ASSERT_EQ(groups_->asked.size(), 2u);
  EXPECT_TRUE(groups_->asked[0].empty());
  EXPECT_EQ(groups_->asked[1], std::vector<std::string>{"vpc-1/web"});
}

TEST_F(EngineAdoptionTest, AFailedLookIsRetriedOnTheBackoffNeverACreate) {
  groups_->failing_observations = 1;
  RunFirstCycle();
  EXPECT_EQ(groups_->creates, 0) << "whether it exists is unknown: not created blind";
  const ResourceStatus* web = store_.Find("Web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->state, ResourceState::kError);
  ASSERT_TRUE(web->last_error());
  EXPECT_NE(web->message.str().find("the list timed out"), std::string::npos) << web->message;
  EXPECT_TRUE(web->next_attempt_at()) << "retried on its backoff";
  EXPECT_FALSE(web->create_pending_since());
}

TEST_F(EngineAdoptionTest, OnlyAdoptableCreatesPayForTheLook) {
  groups_->aws.clear();  // nothing to adopt: the group is created
  desired_.at("Web").adopt_policy = config::AdoptPolicy::kRefuse;
  RunFirstCycle();
  EXPECT_EQ(groups_->creates, 1);
  EXPECT_EQ(groups_->asked.size(), 1u) << "a Refuse declaration is not looked for again";
  EXPECT_EQ(store_.Find("Web")->physical_id, "new-Web");
}

TEST_F(EngineAdoptionTest, AnAdoptableResourceNotFoundIsCreatedInTheSameCycle) {
  groups_->aws.clear();
  RunFirstCycle();
  EXPECT_EQ(groups_->creates, 1);
  EXPECT_EQ(groups_->asked.size(), 2u) << "one look, then the create";
  EXPECT_EQ(store_.Find("Web")->physical_id, "new-Web");
}

// A whole observation asks for the same keys cycle after cycle without working them out again;
// a rename is asked for by its new key in the next one.
TEST_F(EngineAdoptionTest, TheKeysAWholeObservationAsksForFollowAnEdit) {
  Engine engine = MakeEngine();
  engine.Start();
  RunUntilCycle(engine, 1);
  for (int again = 1; again <= 2; ++again) {
    RunFullCycle(engine);
    EXPECT_EQ(groups_->asked.back(), std::vector<std::string>{"vpc-1/web"}) << again;
  }
  json properties = desired_.at("Web").properties.Unpack();
  properties["GroupName"] = "api";
  desired_.at("Web").properties = properties;
  SetDesired(engine);
  RunUntilCycle(engine, 4);
  RunFullCycle(engine);
  EXPECT_EQ(groups_->asked.back(), std::vector<std::string>{"vpc-1/api"});
  engine.Stop();
  io_.run_for(std::chrono::seconds(5));
}

// Full cycles in which nothing moved are not planned again; a status changed in between (here
// by hand, as a failed write would) is, at the next one.
TEST_F(EngineAdoptionTest, AStatusChangedAfterQuietCyclesIsPlannedAgain) {
  Engine engine = MakeEngine();
  engine.Start();
  RunUntilCycle(engine, 1);
  for (int quiet = 1; quiet <= 3; ++quiet) RunFullCycle(engine);
  ASSERT_EQ(store_.Find("Web")->state, ResourceState::kReady);
  ResourceStatus& web = store_.At("Web");
  web.state = ResourceState::kError;
  web.message = "set by the test";
  RunFullCycle(engine);
  EXPECT_EQ(store_.Find("Web")->state, ResourceState::kReady) << store_.Find("Web")->message;
  EXPECT_EQ(groups_->creates, 0);
  engine.Stop();
  io_.run_for(std::chrono::seconds(5));
}

// A lease taken mid-cycle turns apply mode on (Configure) while the writes a standby planned
// are on their way to Execute: a create planned in plan mode has no create-pending marker and
// was never checked against AWS, so it is not sent then; the full cycle Configure asks for
// creates it, once.
TEST_F(EngineAdoptionTest, ACreatePlannedAsStandbyIsNotSentWhenTheLeaseArrivesBeforeItsTurn) {
  desired_.clear();
  const config::ParsedDocument file = config::ParseDocument("new.json", R"({"Resources": {
    "ADrifted": {"Type": "AWS::EC2::VPC",
                 "Properties": {"CidrBlock": "10.3.0.0/16", "EnableDnsHostnames": true}},
    "BNew": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.4.0.0/16"}}}})",
                                                            catalog_);
  ASSERT_TRUE(file.ok());
  for (const config::ResourceDecl& decl : file.resources) desired_[decl.logical_id] = decl;
  ObservedResource drifted =
      Unowned("vpc-drifted", "", {{"CidrBlock", "10.3.0.0/16"}, {"EnableDnsHostnames", false}});
  drifted.tags = {{std::string(kOwnerTag), kOwner}, {std::string(kLogicalIdTag), "ADrifted"}};
  vpcs_->aws = {drifted};

  EngineSettings settings;
  settings.owner = kOwner;
  settings.default_region = kRegion;
  settings.mode = config::Mode::kPlan;  // a standby
  Engine engine(io_.get_executor(), registry_, catalog_, store_, settings, AccountId);
  SetDesired(engine);
  // The standby's report of the drift (the level's first write, ADrifted) is when the lease
  // arrives: BNew's create, planned in the same level, has not reached Execute yet.
  bool lease_arrived = false;
  const int listener = store_.AddListener([&](const Event& event) {
    if (event.action != "drift-detected" || lease_arrived) return;
    lease_arrived = true;
    EXPECT_EQ(store_.Find("BNew")->message.str().find("would create"), std::string::npos);
    EngineSettings active = settings;
    active.mode = config::Mode::kApply;
    engine.Configure(active);
  });
  engine.Start();
  RunUntilCycle(engine, 1);
  ASSERT_TRUE(lease_arrived);
  EXPECT_EQ(vpcs_->creates, 0) << "planned without its marker: not sent";
  EXPECT_FALSE(store_.Find("BNew")->create_pending_since());
  RunFullCycle(engine);  // the one Configure asked for
  EXPECT_EQ(vpcs_->creates, 1);
  RunFullCycle(engine);
  EXPECT_EQ(vpcs_->creates, 1) << "created once";
  EXPECT_EQ(store_.Find("BNew")->state, ResourceState::kReady);
  store_.RemoveListener(listener);
  engine.Stop();
  io_.run_for(std::chrono::seconds(5));
}

}  // namespace
}  // namespace awsr::engine::adoption_test
