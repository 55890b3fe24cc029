#include "config/desired_set.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace awsr::config {
namespace {

const TypeCatalog& SetCatalog() {
  static const TypeCatalog catalog = TypeCatalog::Embedded();
  return catalog;
}

const Clock::time_point kT0 = Clock::time_point{} + std::chrono::hours(1);
const Clock::time_point kT1 = kT0 + std::chrono::minutes(1);

std::string Topic(std::string_view id) {
  return "\"" + std::string(id) + "\": {\"Type\": \"AWS::SNS::Topic\"}";
}
// A topic whose display name refers to `target` with `intrinsic`.
std::string TopicReferring(std::string_view id, std::string_view intrinsic) {
  return "\"" + std::string(id) +
         R"(": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": )" +
         std::string(intrinsic) + "}}";
}
std::string Doc(std::initializer_list<std::string> resources) {
  std::string body;
  for (const auto& r : resources) body += (body.empty() ? "" : ",") + r;
  return "{\"Resources\": {" + body + "}}";
}

std::vector<std::string> Ids(const DesiredSet& set) {
  std::vector<std::string> ids;
  for (const auto& [id, decl] : set.Resources()) ids.push_back(id);
  return ids;
}

FileStatus StatusOf(const DesiredSet& set, std::string_view name) {
  for (const FileStatus& file : set.Files()) {
    if (file.name == name) return file;
  }
  ADD_FAILURE() << "no file " << name;
  return {};
}

bool HasProblem(const FileStatus& file, std::string_view pointer, std::string_view message) {
  for (const Problem& p : file.problems) {
    if (p.pointer == pointer && p.message.find(message) != std::string::npos) return true;
  }
  return false;
}

TEST(DesiredSetTest, PutsAGoodFileInForce) {
  DesiredSet set(SetCatalog());
  EXPECT_TRUE(set.UpdateFile("a.json", Doc({Topic("A"), Topic("B")}), kT0));
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B"}));
  const FileStatus a = StatusOf(set, "a.json");
  EXPECT_EQ(a.state, FileState::kOk);
  EXPECT_TRUE(a.newest_in_force);
  EXPECT_EQ(a.resource_count, 2u);
  EXPECT_EQ(a.newest_sha256.size(), 64u);
  EXPECT_EQ(a.in_force_sha256, a.newest_sha256);
  EXPECT_EQ(a.loaded_at, kT0);
  EXPECT_EQ(set.Resources().at("A")->file, "a.json");
  EXPECT_FALSE(set.UpdateFile("a.json", Doc({Topic("A"), Topic("B")}), kT1)) << "same text";
}

// The engine holds the declarations in force through the set's own map, not a copy: a settle
// that changes nothing keeps that map, one that changes something makes a new one and leaves
// the old one as its holders saw it.
TEST(DesiredSetTest, HoldersShareTheDeclarationsAndAChangeNeverAltersThemUnderThem) {
  DesiredSet set(SetCatalog());
  ASSERT_TRUE(set.UpdateFile("a.json", Doc({Topic("A")}), kT0));
  const SharedDeclarations held = set.SharedResources();
  EXPECT_EQ(&static_cast<const Declarations&>(held), &set.Resources());

  EXPECT_FALSE(set.UpdateFile("b.json", "{\"Resources\": {}}", kT1)) << "nothing new in force";
  EXPECT_TRUE(held.SameAs(set.SharedResources()));

  ASSERT_TRUE(set.UpdateFile("a.json", Doc({Topic("A"), Topic("B")}), kT1));
  EXPECT_FALSE(held.SameAs(set.SharedResources()));
  EXPECT_EQ(held.size(), 1u);
  EXPECT_TRUE(held.contains("A"));
  EXPECT_EQ(set.SharedResources().size(), 2u);
}

// A settle shares the declarations of the files' versions: editing one file leaves every other
// file's declarations the very ones the engine already holds, and a file saved again with the
// same meaning changes nothing in force.
TEST(DesiredSetTest, AnEditOfOneFileLeavesTheOtherFilesDeclarationsAsTheyWere) {
  DesiredSet set(SetCatalog());
  ASSERT_TRUE(set.UpdateFile("a.json", Doc({Topic("A")}), kT0));
  ASSERT_TRUE(set.UpdateFile("b.json", Doc({Topic("B")}), kT0));
  const DeclarationRef a_before = set.Resources().at("A");

  ASSERT_TRUE(set.UpdateFile("b.json", Doc({Topic("B"), Topic("C")}), kT1));
  EXPECT_EQ(set.Resources().at("A"), a_before) << "shared, not copied";
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B", "C"}));

  const SharedDeclarations held = set.SharedResources();
  const Clock::time_point later = kT1 + std::chrono::minutes(1);
  EXPECT_FALSE(set.UpdateFile("b.json", Doc({Topic("C"), Topic("B")}) + "\n", later));
  EXPECT_TRUE(held.SameAs(set.SharedResources())) << "the same declarations, spelled otherwise";
  EXPECT_TRUE(set.Files()[1].newest_in_force);
}

TEST(DesiredSetTest, KeepsTheLastGoodVersionWhenANewOneIsBad) {
  const struct {
    std::string reason;
    std::string bad_text;
  } rows[] = {
      {"syntax error", "{\"Resources\": {"},
      {"unknown type", Doc({"\"A\": {\"Type\": \"AWS::Nope::Thing\"}"})},
      {"dangling reference", Doc({TopicReferring("A", R"({"Ref": "Ghost"})")})},
      {"cycle", Doc({TopicReferring("A", R"({"Ref": "A"})")})},
      {"empty file", ""},
  };
  for (const auto& row : rows) {
    DesiredSet set(SetCatalog());
    set.UpdateFile("a.json", Doc({Topic("A"), Topic("B")}), kT0);
    EXPECT_FALSE(set.UpdateFile("a.json", row.bad_text, kT1)) << row.reason;
    EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B"})) << row.reason;
    const FileStatus a = StatusOf(set, "a.json");
    EXPECT_EQ(a.state, FileState::kStale) << row.reason;
    EXPECT_FALSE(a.newest_in_force) << row.reason;
    EXPECT_FALSE(a.problems.empty()) << row.reason;
    EXPECT_EQ(a.loaded_at, kT0) << row.reason;
    EXPECT_EQ(a.updated_at, kT1) << row.reason;
    EXPECT_NE(a.in_force_sha256, a.newest_sha256) << row.reason;
    // Fixing the file takes the fix.
    EXPECT_TRUE(set.UpdateFile("a.json", Doc({Topic("A")}), kT1)) << row.reason;
    EXPECT_EQ(Ids(set), std::vector<std::string>{"A"}) << row.reason;
    EXPECT_EQ(StatusOf(set, "a.json").state, FileState::kOk) << row.reason;
  }
}

TEST(DesiredSetTest, AFileBadFromTheStartContributesNothing) {
  DesiredSet set(SetCatalog());
  EXPECT_FALSE(set.UpdateFile("a.json", "not json", kT0));
  EXPECT_TRUE(set.Resources().empty());
  const FileStatus a = StatusOf(set, "a.json");
  EXPECT_EQ(a.state, FileState::kError);
  EXPECT_TRUE(HasProblem(a, "", "invalid JSON (byte 2)"));
  EXPECT_EQ(a.in_force_sha256, "");
}

TEST(DesiredSetTest, ReferencesCrossFilesInAnyArrivalOrder) {
  DesiredSet set(SetCatalog());
  set.UpdateFile("app.json",
                 Doc({TopicReferring("App", R"({"Fn::GetAtt": ["Net", "TopicName"]})")}), kT0);
  EXPECT_EQ(StatusOf(set, "app.json").state, FileState::kError) << "Net is not there yet";
  EXPECT_TRUE(HasProblem(StatusOf(set, "app.json"), "/Resources/App/Properties/DisplayName",
                         "reference to unknown logical ID Net"));
  EXPECT_TRUE(set.UpdateFile("net.json", Doc({Topic("Net")}), kT1));
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"App", "Net"}));
  EXPECT_EQ(StatusOf(set, "app.json").state, FileState::kOk);
}

TEST(DesiredSetTest, FilesReferringToEachOtherGoInTogether) {
  DesiredSet set(SetCatalog());
  set.UpdateFile("a.json", Doc({TopicReferring("A", R"({"Fn::Sub": "${B.TopicName}"})")}), kT0);
  set.UpdateFile("b.json", Doc({Topic("B"), TopicReferring("C", R"({"Fn::Sub": "${A}"})")}), kT0);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B", "C"}));
}

TEST(DesiredSetTest, ADuplicateIdStaysWithItsHolderAndIsReportedInBothFiles) {
  DesiredSet set(SetCatalog());
  set.UpdateFile("b.json", Doc({Topic("Shared"), Topic("B")}), kT0);
  set.UpdateFile("a.json", Doc({Topic("Shared"), Topic("A")}), kT0);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"B", "Shared"})) << "a.json is refused whole";
  EXPECT_EQ(set.Resources().at("Shared")->file, "b.json");
  const FileStatus a = StatusOf(set, "a.json");
  EXPECT_EQ(a.state, FileState::kError);
  EXPECT_TRUE(HasProblem(a, "/Resources/Shared", "already declared in b.json"));
  const FileStatus b = StatusOf(set, "b.json");
  EXPECT_TRUE(b.newest_in_force);
  EXPECT_TRUE(HasProblem(b, "/Resources/Shared", "also declared in a.json"));
  // Once the holder lets go, the other file is taken.
  EXPECT_TRUE(set.UpdateFile("b.json", Doc({Topic("B")}), kT1));
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B", "Shared"}));
  EXPECT_EQ(set.Resources().at("Shared")->file, "a.json");
  EXPECT_EQ(StatusOf(set, "a.json").state, FileState::kOk);
  EXPECT_EQ(StatusOf(set, "b.json").state, FileState::kOk);
}

TEST(DesiredSetTest, ProblemsStayWithTheFilesInvolved) {
  const struct {
    std::string reason;
    std::string bad_text;  // for bad.json; good.json declares Good and stays untouched
    std::string pointer;
    std::string message;
  } rows[] = {
      {"dangling Ref", Doc({TopicReferring("X", R"({"Ref": "Ghost"})")}),
       "/Resources/X/Properties/DisplayName", "unknown logical ID Ghost"},
      {"dangling Sub", Doc({TopicReferring("X", R"({"Fn::Sub": "${Ghost.Arn}"})")}),
       "/Resources/X/Properties/DisplayName", "unknown logical ID Ghost"},
      {"dangling DependsOn", Doc({R"("X": {"Type": "AWS::SNS::Topic", "DependsOn": "Ghost"})"}),
       "/Resources/X/DependsOn", "DependsOn unknown logical ID Ghost"},
      {"dangling DependsOn in a list",
       Doc({R"("X": {"Type": "AWS::SNS::Topic", "DependsOn": ["Good", "Ghost"]})"}),
       "/Resources/X/DependsOn/1", "DependsOn unknown logical ID Ghost"},
      {"unknown attribute", Doc({TopicReferring("X", R"({"Fn::GetAtt": "Good.Nope"})")}),
       "/Resources/X/Properties/DisplayName", "AWS::SNS::Topic Good has no attribute Nope"},
      {"cycle through DependsOn and Ref",
       Doc({R"("X": {"Type": "AWS::SNS::Topic", "DependsOn": "Y"})",
            TopicReferring("Y", R"({"Ref": "X"})")}),
       "/Resources/X", "dependency cycle: X -> Y -> X"},
      {"cycle through GetAtt and Sub",
       Doc({TopicReferring("X", R"({"Fn::GetAtt": "Y.TopicName"})"),
            TopicReferring("Y", R"({"Fn::Sub": "${X}"})")}),
       "/Resources/X", "dependency cycle: X -> Y -> X"},
      {"cycle with resources before and after it",
       Doc({TopicReferring("Before", R"({"Ref": "Good"})"),
            R"("X": {"Type": "AWS::SNS::Topic", "DependsOn": ["Before", "Y"]})",
            TopicReferring("Y", R"({"Fn::Sub": "${Z}"})"),
            TopicReferring("Z", R"({"Fn::GetAtt": "X.TopicName"})"),
            TopicReferring("After", R"({"Ref": "Y"})")}),
       "/Resources/X", "dependency cycle: X -> Y -> Z -> X"},
      {"duplicate of another file's ID", Doc({Topic("Good")}), "/Resources/Good",
       "already declared in good.json"},
  };
  for (const auto& row : rows) {
    DesiredSet set(SetCatalog());
    set.UpdateFile("good.json", Doc({Topic("Good")}), kT0);
    set.UpdateFile("bad.json", row.bad_text, kT0);
    EXPECT_EQ(Ids(set), std::vector<std::string>{"Good"}) << row.reason;
    EXPECT_EQ(StatusOf(set, "bad.json").state, FileState::kError) << row.reason;
    EXPECT_TRUE(HasProblem(StatusOf(set, "bad.json"), row.pointer, row.message))
        << row.reason << ": "
        << ::testing::PrintToString(StatusOf(set, "bad.json").problems.size());
    EXPECT_TRUE(StatusOf(set, "good.json").newest_in_force) << row.reason;
  }
}

TEST(DesiredSetTest, ACycleAcrossFilesIsAnErrorOfEachFileOnIt) {
  DesiredSet set(SetCatalog());
  set.UpdateFile("a.json", Doc({Topic("A")}), kT0);
  set.UpdateFile("b.json", Doc({TopicReferring("B", R"({"Ref": "A"})")}), kT0);
  set.UpdateFile("a.json", Doc({TopicReferring("A", R"({"Ref": "B"})")}), kT1);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(set.Resources().at("A")->properties, nlohmann::json::object()) << "old A in force";
  EXPECT_TRUE(HasProblem(StatusOf(set, "a.json"), "/Resources/A", "dependency cycle: A -> B -> A"));
  EXPECT_TRUE(HasProblem(StatusOf(set, "b.json"), "/Resources/B", "dependency cycle"));
}

TEST(DesiredSetTest, RemovingAFileRemovesItsResourcesAndReportsWhatReferredToThem) {
  DesiredSet set(SetCatalog());
  set.UpdateFile("net.json", Doc({Topic("Net")}), kT0);
  set.UpdateFile("app.json", Doc({TopicReferring("App", R"({"Ref": "Net"})")}), kT0);
  EXPECT_TRUE(set.RemoveFile("net.json"));
  EXPECT_FALSE(set.RemoveFile("net.json"));
  EXPECT_EQ(Ids(set), std::vector<std::string>{"App"}) << "a bad state never deletes App";
  const FileStatus app = StatusOf(set, "app.json");
  EXPECT_EQ(app.state, FileState::kStale);
  EXPECT_TRUE(app.newest_in_force);
  EXPECT_TRUE(HasProblem(app, "/Resources/App/Properties/DisplayName", "unknown logical ID Net"));
}

TEST(ValidateFilesTest, ReturnsEveryProblemOfTheDirectory) {
  const auto problems =
      ValidateFiles({{"a.json", Doc({Topic("A")})},
                     {"b.json", Doc({TopicReferring("B", R"({"Ref": "Ghost"})")})},
                     {"c.json", "{"}},
                    SetCatalog());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].ToString(),
            "b.json:/Resources/B/Properties/DisplayName: reference to unknown logical ID Ghost");
  EXPECT_EQ(problems[1].file, "c.json");
}

// A start hands every file in at once; the outcome is the one of arrival one by one.
TEST(DesiredSetTest, ABatchSettlesLikeFilesArrivingOneByOne) {
  const std::vector<DesiredSet::FileUpdate> updates = {
      {"a.json", Doc({TopicReferring("A", R"({"Ref": "B"})")}), ""},  // refers ahead
      {"b.json", Doc({Topic("B"), Topic("Shared")}), ""},
      {"c.json", Doc({Topic("Shared"), Topic("C")}), ""},  // duplicate: b.json came first
      {"d.json", std::string("{not json"), ""},
  };
  DesiredSet batch(SetCatalog());
  EXPECT_TRUE(batch.Update(updates, kT0));
  DesiredSet one_by_one(SetCatalog());
  for (const auto& update : updates) one_by_one.UpdateFile(update.name, *update.text, kT0);

  EXPECT_EQ(Ids(batch), (std::vector<std::string>{"A", "B", "Shared"}));
  EXPECT_EQ(Ids(batch), Ids(one_by_one));
  EXPECT_EQ(StatusOf(batch, "c.json").state, FileState::kError);
  EXPECT_TRUE(
      HasProblem(StatusOf(batch, "c.json"), "/Resources/Shared", "already declared in b.json"));
  EXPECT_EQ(StatusOf(batch, "d.json").state, FileState::kError);
  EXPECT_EQ(batch.CountFiles().total, 4u);
  EXPECT_EQ(batch.CountFiles().with_problems, 3u)
      << "b.json and c.json share the duplicate, d.json is not JSON";

  // An unchanged text and the removal of a file that contributed nothing change nothing.
  EXPECT_FALSE(batch.Update(
      {{"b.json", Doc({Topic("B"), Topic("Shared")}), ""}, {"c.json", std::nullopt, ""}}, kT1));
  EXPECT_EQ(Ids(batch), (std::vector<std::string>{"A", "B", "Shared"}));
  EXPECT_EQ(batch.Files().size(), 3u);
  EXPECT_TRUE(batch.Update({{"b.json", std::nullopt, ""}, {"a.json", Doc({Topic("A")}), ""}}, kT1));
  EXPECT_EQ(Ids(batch), (std::vector<std::string>{"A"}));
}

}  // namespace
}  // namespace awsr::config

namespace awsr::config {
namespace {

// A file that exists but cannot be read (mode 0600 for another user, out of descriptors) says
// nothing about what it wants: it must never count as removed.
TEST(DesiredSetTest, AnUnreadableFileKeepsItsLastGoodVersionInForce) {
  DesiredSet set(SetCatalog());
  set.UpdateFile("a.json", Doc({Topic("A"), Topic("B")}), kT0);
  const std::string good_sha = StatusOf(set, "a.json").in_force_sha256;

  EXPECT_FALSE(set.Update({{"a.json", std::nullopt, "Permission denied"}}, kT1))
      << "resources unchanged";
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B"}));
  const FileStatus unreadable = StatusOf(set, "a.json");
  EXPECT_EQ(unreadable.state, FileState::kStale);
  EXPECT_FALSE(unreadable.newest_in_force);
  EXPECT_EQ(unreadable.in_force_sha256, good_sha);
  EXPECT_TRUE(HasProblem(unreadable, "", "cannot read the file: Permission denied"));
  EXPECT_FALSE(set.Update({{"a.json", std::nullopt, "Permission denied"}}, kT1)) << "no news";

  // Readable again (chmod): the same text is simply in force again, problems gone.
  EXPECT_FALSE(set.UpdateFile("a.json", Doc({Topic("A"), Topic("B")}), kT1));
  EXPECT_EQ(StatusOf(set, "a.json").state, FileState::kOk);
  EXPECT_TRUE(StatusOf(set, "a.json").newest_in_force);

  // Never readable: an error of that file, nothing in force from it, nothing else touched.
  set.Update({{"b.json", std::nullopt, "Too many open files"}}, kT1);
  EXPECT_EQ(StatusOf(set, "b.json").state, FileState::kError);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B"}));
}

}  // namespace
}  // namespace awsr::config

namespace awsr::config {
namespace {

// A file dropped or edited in a set without problems is settled by looking at that file alone
// (SettleInPlace). Whatever such an edit could break in the other files must still be found:
// the edit is then settled by checking every file.
TEST(DesiredSetTest, AnEditThatTakesAwayWhatAnotherFileUsesIsReportedThere) {
  DesiredSet set(SetCatalog());
  set.UpdateFile("net.json", Doc({Topic("Net"), Topic("Other")}), kT0);
  set.UpdateFile("app.json",
                 Doc({TopicReferring("App", R"({"Fn::GetAtt": ["Net", "TopicName"]})")}), kT0);
  ASSERT_EQ(StatusOf(set, "app.json").state, FileState::kOk);

  // Net becomes a bucket: it is still there, but has no TopicName.
  EXPECT_TRUE(set.UpdateFile("net.json",
                             Doc({R"("Net": {"Type": "AWS::S3::Bucket"})", Topic("Other")}), kT1));
  EXPECT_EQ(set.Resources().at("Net")->type, "AWS::S3::Bucket");
  EXPECT_TRUE(HasProblem(StatusOf(set, "app.json"), "/Resources/App/Properties/DisplayName",
                         "AWS::S3::Bucket Net has no attribute TopicName"));

  // Net is back as a topic, then taken out of its file: App refers to nothing.
  set.UpdateFile("net.json", Doc({Topic("Net"), Topic("Other")}), kT1);
  EXPECT_EQ(StatusOf(set, "app.json").state, FileState::kOk);
  EXPECT_TRUE(set.UpdateFile("net.json", Doc({Topic("Other")}), kT1));
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"App", "Other"}));
  EXPECT_TRUE(HasProblem(StatusOf(set, "app.json"), "/Resources/App/Properties/DisplayName",
                         "reference to unknown logical ID Net"));
  EXPECT_EQ(StatusOf(set, "net.json").state, FileState::kOk);
}

TEST(DesiredSetTest, AnEditThatMovesAResourceBetweenFilesKeepsItInForce) {
  DesiredSet set(SetCatalog());
  set.UpdateFile("a.json", Doc({Topic("A"), Topic("Moving")}), kT0);
  set.UpdateFile("b.json", Doc({Topic("B")}), kT0);
  EXPECT_TRUE(set.Update(
      {{"a.json", Doc({Topic("A")}), ""}, {"b.json", Doc({Topic("B"), Topic("Moving")}), ""}},
      kT1));
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"A", "B", "Moving"}));
  EXPECT_EQ(set.Resources().at("Moving")->file, "b.json");
  EXPECT_TRUE(set.Problems().empty());
  // And a newcomer may not take an ID the other file now holds.
  set.UpdateFile("c.json", Doc({Topic("Moving")}), kT1);
  EXPECT_EQ(set.Resources().at("Moving")->file, "b.json");
  EXPECT_TRUE(
      HasProblem(StatusOf(set, "c.json"), "/Resources/Moving", "already declared in b.json"));
}

// Files edited one at a time, in a random order, with references across them, renames of IDs
// and removals: whenever a fresh start on the same texts finds no problem, the set edited in
// place holds exactly what that fresh start puts in force.
TEST(DesiredSetTest, ASetEditedFileByFileHoldsWhatAFreshStartOnTheSameFilesWould) {
  std::mt19937 random(20261203);
  const auto pick = [&](int below) { return static_cast<int>(random() % below); };
  std::map<std::string, std::string> texts;
  DesiredSet edited(SetCatalog());
  int compared = 0;
  for (int step = 0; step < 800; ++step) {
    const std::string name = "f" + std::to_string(pick(6)) + ".json";
    if (pick(8) == 0) {
      texts.erase(name);
      edited.RemoveFile(name);
    } else {
      // Up to three topics named after the file or not (so IDs collide now and then), each
      // maybe referring to an ID anywhere.
      std::vector<std::string> resources;
      std::set<std::string> ids;
      for (int i = pick(4); i > 0; --i) {
        const std::string id = "T" + std::to_string(pick(20));
        if (!ids.insert(id).second) continue;
        const std::string target = "T" + std::to_string(pick(20));
        resources.push_back(pick(4) == 0 ? TopicReferring(id, R"({"Ref": ")" + target + R"("})")
                                         : Topic(id));
      }
      std::string body;
      for (const auto& r : resources) body += (body.empty() ? "" : ",") + r;
      texts[name] = "{\"Resources\": {" + body + "}}";
      edited.UpdateFile(name, texts[name], kT0);
    }
    DesiredSet fresh(SetCatalog());
    for (const auto& [file, text] : texts) fresh.UpdateFile(file, text, kT0);
    if (!fresh.Problems().empty() || !edited.Problems().empty()) continue;
    ++compared;
    ASSERT_TRUE(SameDeclarations(edited.Resources(), fresh.Resources())) << "step " << step;
    for (const auto& [id, decl] : fresh.Resources()) {
      ASSERT_EQ(edited.Resources().at(id)->file, decl->file) << id << " at step " << step;
    }
  }
  EXPECT_GT(compared, 50) << "too few steps without problems to show anything";
}

}  // namespace
}  // namespace awsr::config
