#include "daemon/engine/status_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "daemon/base/json_fields.h"
#include "tests/support/test_directory.h"

namespace awsr::engine {
namespace {

namespace fs = std::filesystem;

class StatusStoreTest : public ::testing::Test {
 protected:
  // Each save replaces the file by a rename, so a new inode means a write happened.
  ino_t InodeOfStatusFile() {
    struct stat info {};
    EXPECT_EQ(::stat((dir_ / "status.json").c_str(), &info), 0);
    return info.st_ino;
  }

  StatusStore Reloaded() {
    StatusStore store(dir_.string());
    EXPECT_TRUE(store.Load());
    return store;
  }

  testing::TestDirectory scratch_{"awsr-status-store"};
  const fs::path dir_ = scratch_.path();
};

// Saves serialise only what changed since the previous save; what a restart reads must still
// be every status as it is now.
TEST_F(StatusStoreTest, ARestartSeesEveryStatusAsLastChanged) {
  StatusStore store(dir_.string());
  for (const std::string id : {"Vpc", "Subnet", "Group"}) {
    ResourceStatus& status = store.At(id);
    status.type = "AWS::EC2::VPC";
    status.physical_id = "id-of-" + id;
  }
  Event created;
  created.logical_id = "Vpc";
  created.action = "created";
  created.message = "created id-of-Vpc";
  store.Record(created);
  ASSERT_TRUE(store.Save());

  store.At("Subnet").physical_id = "subnet-new";  // changed after the first save
  store.Erase("Group");
  ASSERT_TRUE(store.Save());

  StatusStore restarted = Reloaded();
  ASSERT_EQ(restarted.All().size(), 2u);
  EXPECT_EQ(restarted.Find("Vpc")->physical_id, "id-of-Vpc");
  EXPECT_EQ(restarted.Find("Subnet")->physical_id, "subnet-new");
  EXPECT_EQ(restarted.Find("Group"), nullptr);
  ASSERT_EQ(restarted.EventsAfter(0).size(), 1u);
  EXPECT_EQ(restarted.EventsAfter(0)[0].message, "created id-of-Vpc");
  // The API answers with the texts kept: each the event as ToJson and DumpJson write it.
  EXPECT_EQ(restarted.EventTextsAfter(0),
            std::vector<std::string>{DumpJson(ToJson(restarted.EventsAfter(0)[0]))});
  EXPECT_TRUE(restarted.EventTextsAfter(restarted.LastSequence()).empty());

  // A store loaded from disk writes back everything it read, not only what it touched.
  restarted.At("Vpc").message = "seen again";
  ASSERT_TRUE(restarted.Save());
  StatusStore again = Reloaded();
  EXPECT_EQ(again.All().size(), 2u);
  EXPECT_EQ(again.Find("Vpc")->message, "seen again");
  EXPECT_EQ(again.Find("Subnet")->physical_id, "subnet-new");
}

TEST_F(StatusStoreTest, ACorruptFileIsSetAsideAndTheStoreStartsEmpty) {
  std::ofstream(dir_ / "status.json") << "{\"version\": 1, \"resources\": [trunc";
  StatusStore store(dir_.string());
  EXPECT_FALSE(store.Load());
  EXPECT_TRUE(store.All().empty());
  EXPECT_TRUE(fs::exists(dir_ / "status.json.corrupt"));
}

// A file of the right syntax with the wrong types once crashed the daemon at every start.
TEST_F(StatusStoreTest, WrongFieldTypesAreSetAsideLikeASyntaxError) {
  const std::vector<std::string> documents = {
      R"({"version": "1", "resources": {}})",
      R"({"version": 1, "resources": {"Vpc": {"attempts": "three"}}})",
      R"({"version": 1, "resources": {"Vpc": {"diff": [{"path": "/A", "immutable": "no"}]}}})",
      R"({"version": 1, "resources": {"Vpc": []}, "events": []})",
      R"({"version": 1, "resources": {}, "events": [{"sequence": "7"}]})",
      R"({"version": 1, "resources": {}, "events": [17]})",
  };
  for (const std::string& text : documents) {
    SCOPED_TRACE(text);
    fs::remove(dir_ / "status.json.corrupt");
    std::ofstream(dir_ / "status.json") << text;
    StatusStore store(dir_.string());
    EXPECT_FALSE(store.Load());
    EXPECT_TRUE(store.All().empty());
    EXPECT_TRUE(store.EventsAfter(0).empty());
    EXPECT_TRUE(fs::exists(dir_ / "status.json.corrupt"));
    EXPECT_FALSE(fs::exists(dir_ / "status.json"));
  }
}

// A steady cycle changes nothing: its save must not rewrite (and fsync) every status again.
TEST_F(StatusStoreTest, ASaveWithNothingChangedLeavesTheFileAsItIs) {
  StatusStore store(dir_.string());
  store.At("Vpc").physical_id = "vpc-1";
  ASSERT_TRUE(store.Save());
  const auto first = InodeOfStatusFile();

  ASSERT_TRUE(store.Save());
  EXPECT_EQ(InodeOfStatusFile(), first);

  Event drift;
  drift.logical_id = "Vpc";
  drift.action = "updated";
  store.Record(drift);
  ASSERT_TRUE(store.Save());  // an event alone is a small change: beside status.json
  ASSERT_EQ(Reloaded().EventsAfter(0).size(), 1u);

  store.At("Vpc").message = "seen";
  ASSERT_TRUE(store.Save());
  EXPECT_NE(InodeOfStatusFile(), first);
  EXPECT_EQ(Reloaded().Find("Vpc")->message, "seen");
}

// A save writes each status as it is now: what changed after it was published, through a
// reference taken since, is in the file, while readers keep the published version.
TEST_F(StatusStoreTest, ASaveWritesWhatChangedAfterTheStatusWasPublished) {
  StatusStore store(dir_.string());
  store.At("Vpc").physical_id = "vpc-1";
  store.At("Subnet").physical_id = "subnet-1";
  ASSERT_TRUE(store.Save());

  store.At("Vpc").message = "first";
  const auto published = store.Publish();
  store.At("Vpc").message = "after publishing";
  ASSERT_TRUE(store.Save());

  const auto saved = nlohmann::json::parse(std::ifstream(dir_ / "status.json"));
  EXPECT_EQ(saved["resources"]["Vpc"]["message"], "after publishing");
  EXPECT_FALSE(saved["resources"]["Vpc"].contains("details_read_at"));
  const StatusStore reloaded = Reloaded();
  EXPECT_EQ(reloaded.Find("Vpc")->message, "after publishing");
  EXPECT_EQ(reloaded.Find("Subnet")->physical_id, "subnet-1");
  EXPECT_EQ(published->entries[1]->message, "first") << "what readers hold does not move";
  const auto listed = nlohmann::json::parse(*store.Publish()->ListAnswer())["resources"][1];
  EXPECT_EQ(listed["message"], "after publishing");
  EXPECT_NE(published, store.Published());
}

// The read budget moves some resource's details_read_at nearly every cycle: readers see it,
// but it alone never rewrites status.json (nor is it kept across a restart).
TEST_F(StatusStoreTest, ADetailReadTimeIsPublishedButNeverRewritesTheFile) {
  StatusStore store(dir_.string());
  store.At("Vpc").physical_id = "vpc-1";
  ASSERT_TRUE(store.Save());
  store.Publish();
  const auto first = InodeOfStatusFile();

  const auto read_at = WallClock::time_point{} + std::chrono::hours(500000);
  const auto before = store.Published();
  store.SetDetailsReadAt("Vpc", read_at);
  EXPECT_FALSE(before->entries[0]->details_read_at) << "a reader's snapshot does not move";
  ASSERT_TRUE(store.Save());
  EXPECT_EQ(InodeOfStatusFile(), first);
  EXPECT_EQ(store.Find("Vpc")->details_read_at, read_at);
  const auto published = store.Publish();
  ASSERT_EQ(published->entries.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(*published->ListAnswer())["resources"][0]["details_read_at"],
            FormatTime(read_at));

  store.At("Vpc").message = "seen";
  ASSERT_TRUE(store.Save());
  EXPECT_NE(InodeOfStatusFile(), first);
  const StatusStore reloaded = Reloaded();
  EXPECT_EQ(reloaded.Find("Vpc")->message, "seen");
  EXPECT_EQ(reloaded.Find("Vpc")->details_read_at, std::nullopt);
}

// Names and messages come from outside (file names, AWS answers) and may hold any bytes.
TEST_F(StatusStoreTest, BytesThatAreNotUtf8AreSavedReplacedInsteadOfThrowing) {
  StatusStore store(dir_.string());
  ResourceStatus& status = store.At("Vpc");
  status.file = "caf\xe9.json";
  status.message = "parse error near '\xff\xfe'";
  Event event;
  event.logical_id = "Vpc";
  event.message = "from caf\xe9.json";
  store.Record(event);
  ASSERT_TRUE(store.Save());
  StatusStore restarted = Reloaded();
  ASSERT_NE(restarted.Find("Vpc"), nullptr);
  EXPECT_EQ(restarted.Find("Vpc")->file, "caf\xef\xbf\xbd.json");  // U+FFFD
  EXPECT_EQ(restarted.EventsAfter(0).at(0).message, "from caf\xef\xbf\xbd.json");
}

// Found by the status_file fuzz target: year 4052 overflowed the nanosecond clock.
TEST_F(StatusStoreTest, ATimeOutsideTheClocksRangeIsNoTime) {
  std::ofstream(dir_ / "status.json")
      << R"({"version": 1, "resources": {"Vpc": {"updated_at": "4052-01-01T00:00:00.000Z",)"
      << R"( "next_attempt_at": "2026-13-40T25:61:00.000Z"}}})";
  StatusStore store(dir_.string());
  ASSERT_TRUE(store.Load());
  EXPECT_EQ(store.Find("Vpc")->updated_at, WallClock::time_point{});
  EXPECT_FALSE(store.Find("Vpc")->next_attempt_at().has_value());
}

// A create's pending marker is made durable by writing only what changed since the last
// save; a crash before the next save loses none of it.
TEST_F(StatusStoreTest, ChangesSavedAloneSurviveACrashBeforeTheNextSave) {
  const WallClock::time_point since =  // saved to the millisecond
      std::chrono::floor<std::chrono::milliseconds>(WallClock::now());
  {
    StatusStore store(dir_.string());
    store.At("Vpc").physical_id = "vpc-1";
    store.At("Old").physical_id = "vpc-old";
    ASSERT_TRUE(store.Save());
    store.At("Group").set_create_pending_since(since);
    store.At("Group").type = "AWS::EC2::SecurityGroup";
    store.At("Vpc").physical_id = "vpc-2";
    store.Erase("Old");
    const ino_t before = InodeOfStatusFile();
    ASSERT_TRUE(store.SaveChanges());
    EXPECT_EQ(InodeOfStatusFile(), before) << "status.json itself is not written";
  }  // the crash: no Save
  StatusStore store = Reloaded();
  ASSERT_NE(store.Find("Group"), nullptr);
  EXPECT_EQ(store.Find("Group")->create_pending_since(), since);
  EXPECT_EQ(store.Find("Group")->type, "AWS::EC2::SecurityGroup");
  EXPECT_EQ(store.Find("Vpc")->physical_id, "vpc-2");
  EXPECT_EQ(store.Find("Old"), nullptr);
}

// A cycle that changed a few of many statuses writes those few, not the whole file; once the
// changes are a sizeable share, the whole file is written again and absorbs them.
TEST_F(StatusStoreTest, ASaveOfFewChangesAmongManyWritesOnlyThose) {
  const std::size_t total = 4 * StatusStore::kWholeSaveShare;
  ino_t whole = 0;
  {
    StatusStore store(dir_.string());
    for (std::size_t i = 0; i < total; ++i) store.At("Group" + std::to_string(i)).physical_id = "sg";
    ASSERT_TRUE(store.Save());
    whole = InodeOfStatusFile();

    store.At("Group1").physical_id = "sg-changed";
    Event created;
    created.logical_id = "Group1";
    created.action = "updated";
    store.Record(created);
    ASSERT_TRUE(store.Save());
    EXPECT_EQ(InodeOfStatusFile(), whole) << "status.json itself is not written";
    EXPECT_TRUE(fs::exists(dir_ / "status.changes.json"));
  }  // a crash
  {
    StatusStore store = Reloaded();
    EXPECT_EQ(store.Find("Group1")->physical_id, "sg-changed");
    EXPECT_EQ(store.Find("Group2")->physical_id, "sg");
    ASSERT_EQ(store.EventsAfter(0).size(), 1u);
    EXPECT_EQ(store.EventsAfter(0)[0].logical_id, "Group1");

    ASSERT_TRUE(store.Save());  // a load marks everything to save again: the whole file
    EXPECT_NE(InodeOfStatusFile(), whole);
    EXPECT_FALSE(fs::exists(dir_ / "status.changes.json")) << "folded into status.json";
    whole = InodeOfStatusFile();
    for (std::size_t i = 0; i < total / 2; ++i) store.At("Group" + std::to_string(i)).region = "eu";
    ASSERT_TRUE(store.Save());
    EXPECT_NE(InodeOfStatusFile(), whole) << "half of them changed: the whole file";
  }
  EXPECT_EQ(Reloaded().Find("Group0")->region, "eu");
}

TEST_F(StatusStoreTest, ChangesSavedBeforeTheFirstSaveSurviveACrash) {
  {
    StatusStore store(dir_.string());
    ASSERT_TRUE(store.Load());
    store.At("Group").set_create_pending_since(WallClock::now());
    ASSERT_TRUE(store.SaveChanges());
  }
  EXPECT_FALSE(fs::exists(dir_ / "status.json"));
  EXPECT_TRUE(Reloaded().Find("Group")->create_pending_since().has_value());
}

// The next save holds the changes; a changes file older than the status.json beside it (a
// crash between the save and the removal) is not applied over newer statuses.
TEST_F(StatusStoreTest, ChangesOlderThanTheStatusFileAreNotApplied) {
  StatusStore store(dir_.string());
  store.At("Group").set_create_pending_since(WallClock::now());
  ASSERT_TRUE(store.SaveChanges());
  const fs::path changes = dir_ / "status.changes.json";
  fs::copy_file(changes, dir_ / "stale");
  store.At("Group").set_create_pending_since(std::nullopt);
  store.At("Group").physical_id = "sg-1";
  ASSERT_TRUE(store.Save());
  EXPECT_FALSE(fs::exists(changes)) << "folded into status.json";
  fs::rename(dir_ / "stale", changes);
  const StatusStore reloaded = Reloaded();
  EXPECT_EQ(reloaded.Find("Group")->physical_id, "sg-1");
  EXPECT_FALSE(reloaded.Find("Group")->create_pending_since().has_value());
}

TEST_F(StatusStoreTest, ATemporaryFileLeftByACrashIsRemovedAtLoad) {
  std::ofstream(dir_ / ".status.json.tmp") << "{\"version\": 1, \"resou";
  StatusStore store(dir_.string());
  EXPECT_TRUE(store.Load());
  EXPECT_FALSE(fs::exists(dir_ / ".status.json.tmp"));
}

TEST_F(StatusStoreTest, AFailedSaveLeavesNoTemporaryFileBehind) {
  fs::create_directories(dir_ / "status.json" / "occupied");  // rename over it must fail
  StatusStore store(dir_.string());
  store.At("Vpc").physical_id = "vpc-1";
  EXPECT_FALSE(store.Save());
  EXPECT_FALSE(fs::exists(dir_ / ".status.json.tmp"));
}

std::size_t Count(const std::array<std::size_t, kResourceStateCount>& counts, ResourceState state) {
  return counts[static_cast<std::size_t>(state)];
}

// What the files declare, as the daemon hands it over: a new map for each change.
config::SharedDeclarations Declared(const std::vector<std::string>& logical_ids) {
  std::vector<config::ResourceDecl> decls;
  for (const std::string& id : logical_ids) {
    config::ResourceDecl decl;
    decl.logical_id = id;
    decls.push_back(std::move(decl));
  }
  return config::SharedDeclarations(
      std::make_shared<const config::Declarations>(config::ToDeclarations(std::move(decls))));
}

// The counts follow each change without a walk: desired and not desired apart.
TEST_F(StatusStoreTest, PublishedCountsFollowStatesAndTheDesiredSet) {
  StatusStore store(dir_.string());
  store.SetDesired(Declared({"Vpc", "Group"}));
  store.At("Vpc").state = ResourceState::kReady;
  store.At("Group").state = ResourceState::kCreating;
  store.At("Old").state = ResourceState::kDeleted;
  auto first = store.Publish();
  EXPECT_EQ(Count(first->counts.desired, ResourceState::kReady), 1u);
  EXPECT_EQ(Count(first->counts.desired, ResourceState::kCreating), 1u);
  EXPECT_EQ(Count(first->counts.not_desired, ResourceState::kDeleted), 1u);
  EXPECT_EQ(Count(first->counts.desired, ResourceState::kDeleted), 0u);
  ASSERT_EQ(first->entries.size(), 3u);
  EXPECT_EQ(first->entries[0]->logical_id, "Group");  // by logical id

  store.At("Group").state = ResourceState::kReady;
  store.SetDesired(Declared({"Vpc"}));  // Group's file went away
  store.Erase("Old");
  auto second = store.Publish();
  EXPECT_EQ(Count(second->counts.desired, ResourceState::kReady), 1u);
  EXPECT_EQ(Count(second->counts.not_desired, ResourceState::kReady), 1u);
  EXPECT_EQ(Count(second->counts.desired, ResourceState::kCreating), 0u);
  EXPECT_EQ(Count(second->counts.not_desired, ResourceState::kDeleted), 0u);
  EXPECT_EQ(second->entries.size(), 2u);
  // What a reader holds does not move under it; unchanged entries are shared, not copied.
  EXPECT_EQ(first->entries.size(), 3u);
  EXPECT_EQ(first->entries[0]->state, ResourceState::kCreating);
  EXPECT_EQ(first->entries[1]->state, ResourceState::kDeleted) << "erased, still held by it";
  EXPECT_EQ(first->entries[2]->logical_id, "Vpc");
  EXPECT_EQ(first->entries[2].status, second->entries[1].status);
  EXPECT_EQ(store.Published(), second);
  EXPECT_EQ(store.Publish(), second) << "nothing changed: the same snapshot";
}

// A change of the files recounts only the statuses whose side it moved: one file of many
// changing at 10,000 resources costs what it changed.
TEST_F(StatusStoreTest, SettingTheDesiredSetTouchesOnlyTheStatusesThatMovedSide) {
  StatusStore store(dir_.string());
  for (const std::string id : {"A", "B", "C", "D"}) store.At(id);
  const config::SharedDeclarations first = Declared({"A", "B", "C"});
  store.SetDesired(first);
  store.Publish();
  const std::uint64_t before = store.Generation();
  store.SetDesired(first);
  store.SetDesired(Declared({"A", "B", "C"}));  // saved again unchanged: an equal new map
  EXPECT_EQ(store.Generation(), before);

  store.SetDesired(Declared({"B", "C", "D", "E"}));  // A left, D came, E has no status yet
  EXPECT_EQ(store.Generation(), before + 2);
  const auto snapshot = store.Publish();
  EXPECT_EQ(Count(snapshot->counts.desired, ResourceState::kPending), 3u);
  EXPECT_EQ(Count(snapshot->counts.not_desired, ResourceState::kPending), 1u);
  ASSERT_EQ(snapshot->entries.size(), 4u);
  EXPECT_FALSE(snapshot->entries[0].desired);  // A
  EXPECT_TRUE(snapshot->entries[3].desired);   // D
}

// By account and region too, as statuses move between them (the status of a resource whose
// file changed its RoleArn) and leave; an emptied place is gone, not a row of zeros.
TEST_F(StatusStoreTest, PublishedCountsFollowAccountsAndRegions) {
  StatusStore store(dir_.string());
  store.SetDesired(Declared({"Vpc", "Group"}));
  const auto place = [&](const std::string& id, std::string account, std::string region,
                         ResourceState state) {
    ResourceStatus& status = store.At(id);
    status.account = std::move(account);
    status.region = std::move(region);
    status.state = state;
  };
  place("Vpc", "111111111111", "us-east-1", ResourceState::kReady);
  place("Group", "111111111111", "us-east-1", ResourceState::kError);
  place("Old", "222222222222", "eu-west-1", ResourceState::kDeleted);
  const auto first = store.Publish();
  const auto& a = first->counts.by_account_region.at({"111111111111", "us-east-1"});
  EXPECT_EQ(Count(a.desired, ResourceState::kReady), 1u);
  EXPECT_EQ(Count(a.desired, ResourceState::kError), 1u);
  const auto& b = first->counts.by_account_region.at({"222222222222", "eu-west-1"});
  EXPECT_EQ(Count(b.not_desired, ResourceState::kDeleted), 1u);

  place("Group", "222222222222", "eu-west-1", ResourceState::kReady);
  store.Erase("Old");
  const auto second = store.Publish();
  ASSERT_EQ(second->counts.by_account_region.size(), 2u);
  EXPECT_EQ(Count(second->counts.by_account_region.at({"111111111111", "us-east-1"}).desired,
                  ResourceState::kError),
            0u);
  const auto& moved = second->counts.by_account_region.at({"222222222222", "eu-west-1"});
  EXPECT_EQ(Count(moved.desired, ResourceState::kReady), 1u);
  EXPECT_EQ(Count(moved.not_desired, ResourceState::kDeleted), 0u);

  store.Erase("Vpc");
  EXPECT_FALSE(store.Publish()->counts.by_account_region.contains({"111111111111", "us-east-1"}));
}

TEST_F(StatusStoreTest, TheListAnswerIsEveryEntrysSummaryInOrderRenderedOnce) {
  StatusStore store(dir_.string());
  store.At("B").physical_id = "sg-1";
  store.At("A").message = "caf\xc3\xa9";
  const auto snapshot = store.Publish();
  const auto answer = nlohmann::json::parse(*snapshot->ListAnswer());
  ASSERT_EQ(answer.size(), 1u);
  const auto& list = answer["resources"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0], ToJson(*store.Find("A")));
  EXPECT_EQ(list[1], ToJson(*store.Find("B")));
  EXPECT_EQ(snapshot->ListAnswer(), snapshot->ListAnswer()) << "one text for every request";
}

// A status handed out but not changed stays the one readers share; one that changed is copied
// before it changes, so what a reader holds never moves under it.
TEST_F(StatusStoreTest, AStatusHandedOutButUnchangedKeepsItsEntry) {
  StatusStore store(dir_.string());
  store.At("A").state = ResourceState::kReady;
  store.At("B").state = ResourceState::kReady;
  const auto first = store.Publish();
  store.At("A");
  store.At("B");
  EXPECT_EQ(store.Publish(), first) << "nothing a list shows changed";
  EXPECT_EQ(store.Find("A"), first->entries[0].status.get()) << "shared, not copied";
  store.At("B").message = "drifted";
  EXPECT_EQ(first->entries[1]->message, "") << "a reader's snapshot does not move";
  const auto second = store.Publish();
  EXPECT_NE(second, first);
  EXPECT_EQ(second->entries[0].status, first->entries[0].status);
  EXPECT_NE(second->entries[1].status, first->entries[1].status);
  EXPECT_EQ(second->entries[1]->message, "drifted");
}

// The owner hears of a change once, then not again until it publishes.
TEST_F(StatusStoreTest, OnChangeSignalsOncePerPublish) {
  StatusStore store(dir_.string());
  int signals = 0;
  store.OnChange([&] { ++signals; });
  store.At("A");
  store.At("B");
  store.Erase("A");
  EXPECT_EQ(signals, 1);
  store.Publish();
  store.At("B").state = ResourceState::kReady;
  EXPECT_EQ(signals, 2);
  store.Publish();
  ASSERT_TRUE(store.Save());  // a save ends a step: readers should see it
  EXPECT_EQ(signals, 3);
}

TEST_F(StatusStoreTest, FinishedStatusesArePrunedByAgeThenCount) {
  StatusStore store(dir_.string(), 1000, StatusRetention{std::chrono::hours(24), 2});
  const auto now = WallClock::now();
  const auto finished = [&](const std::string& id, ResourceState state, auto age) {
    ResourceStatus& status = store.At(id);
    status.state = state;
    status.updated_at = now - age;
  };
  finished("OldDeleted", ResourceState::kDeleted, std::chrono::hours(25));
  finished("OldReleased", ResourceState::kReleased, std::chrono::hours(30));
  finished("OldButHeld", ResourceState::kHeld, std::chrono::hours(48));
  finished("Deleted1", ResourceState::kDeleted, std::chrono::hours(3));
  finished("Deleted2", ResourceState::kDeleted, std::chrono::hours(2));
  finished("Deleted3", ResourceState::kDeleted, std::chrono::hours(1));
  EXPECT_EQ(store.Prune(now), 3u);  // the two over 24 h, then the oldest over the count of 2
  EXPECT_EQ(store.Find("OldDeleted"), nullptr);
  EXPECT_EQ(store.Find("OldReleased"), nullptr);
  EXPECT_EQ(store.Find("Deleted1"), nullptr);
  EXPECT_NE(store.Find("Deleted2"), nullptr);
  EXPECT_NE(store.Find("Deleted3"), nullptr);
  EXPECT_NE(store.Find("OldButHeld"), nullptr) << "only outcomes are pruned";
  EXPECT_EQ(store.Publish()->entries.size(), 3u);
}

TEST_F(StatusStoreTest, EventsAreBounded) {
  StatusStore store(dir_.string(), 3);
  for (int i = 0; i < 10; ++i) store.Record(Event{});
  const auto events = store.EventsAfter(0);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events.front().sequence, 8u);
  EXPECT_EQ(store.LastSequence(), 10u);
}

}  // namespace
}  // namespace awsr::engine
