// The IAM reconcilers' verbs against tests/fakeaws through the real client.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <vector>

#include "daemon/base/crypto.h"
#include "daemon/engine/registry.h"
#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/iam_types.h"
#include "tests/reconcilers/ec2/ec2_fake_fixture.h"

namespace awsr::reconcilers::iam {
namespace {

using ec2::MakeDesired;
using nlohmann::json;

json Allow(const char* action) {
  return {{"Version", "2012-10-17"},
          {"Statement", {{{"Effect", "Allow"}, {"Action", action}, {"Resource", "*"}}}}};
}

class IamFakeTest : public ec2::Ec2FakeTest {
 protected:
  json Iam(std::string operation, json params) {
    auto response = Run(client_->Call(aws::CallRequest("iam", std::move(operation), params)));
    EXPECT_TRUE(response.has_value()) << response.error().Describe();
    return response ? response->data : json();
  }

  int IamCalls(const std::string& operation) { return fake_->CallCount("iam", operation); }

  template <typename R>
  std::vector<engine::ObservedResource> ObserveOrFail(R& reconciler,
                                                      std::vector<std::string> keys = {}) {
    auto observed = Run(reconciler.ObserveAll(Scope(std::move(keys))));
    if (!observed) ADD_FAILURE() << observed.error().Describe();
    return observed ? observed->Copies() : std::vector<engine::ObservedResource>();
  }

  // A reconciler about to write, told so as the engine tells it (IAM forgets its bulk read).
  static engine::Reconciler& Writing(engine::Reconciler& reconciler) {
    reconciler.BeforeWrite();
    return reconciler;
  }

  template <typename R>
  engine::ObservedResource CreateOrFail(R& reconciler, engine::DesiredResource desired) {
    auto created = Run(Writing(reconciler).Create(std::move(desired)));
    if (!created) ADD_FAILURE() << created.error().Describe();
    return created ? *created : engine::ObservedResource();
  }

  // A read of the snapshot, made now (the test is a reader of its own, served once a read).
  std::shared_ptr<const AccountRead> ReadNow() {
    auto read = Run(snapshot_->Read("test"));
    if (!read) ADD_FAILURE() << read.error().Describe();
    return read ? *read : nullptr;
  }

  // Each list's items in the answer's order, as their packed bytes.
  using ItemsByList = std::array<std::vector<std::vector<std::uint8_t>>, 4>;
  static ItemsByList ItemsOf(const AccountRead& read) {
    ItemsByList items;
    for (std::size_t list = 0; list < items.size(); ++list) {
      read.ForEach(static_cast<AccountList>(list),
                   [&](const json& item) { items[list].push_back(PackedJson(item).Bytes()); });
    }
    return items;
  }

  // The digests of the account's answer now, as the client tells them, every item converted.
  std::vector<ShortDigest> AnswerDigests() {
    aws::CallRequest call =
        IamCall("GetAccountAuthorizationDetails",
                {{"Filter", json::array({"User", "Group", "Role", "LocalManagedPolicy"})}});
    call.item_digests = std::make_shared<const aws::ItemDigests>(
        aws::ItemDigests{AccountListNames(), [](const ShortDigest&) { return false; }});
    auto items = Run(client_->CallAllItems(call, {}, 100));
    if (!items) ADD_FAILURE() << items.error().Describe();
    std::vector<ShortDigest> digests;
    for (const aws::DigestedItem& item : items ? *items : std::vector<aws::DigestedItem>()) {
      digests.push_back(item.digest);
    }
    return digests;
  }

  engine::DesiredResource User(const char* name, json properties = json::object()) {
    properties["UserName"] = name;
    return MakeDesired(std::string("User-") + name, "AWS::IAM::User", properties, name);
  }

  std::shared_ptr<IamSnapshot> snapshot_ = std::make_shared<IamSnapshot>(*client_);
  std::shared_ptr<OwnershipLedger> ledger_ = std::make_shared<OwnershipLedger>("");
  engine::Registry registry_ = [this] {
    engine::Registry registry;
    const IamContext context{*client_, snapshot_, ledger_, ""};
    for (auto add : {AddUser, AddRole, AddManagedPolicy, AddGroup, AddUserToGroupAddition})
      add(registry, context);
    return registry;
  }();
  engine::Reconciler& users_ = *registry_.Find("AWS::IAM::User");
  engine::Reconciler& roles_ = *registry_.Find("AWS::IAM::Role");
  engine::Reconciler& policies_ = *registry_.Find("AWS::IAM::ManagedPolicy");
  engine::Reconciler& groups_ = *registry_.Find("AWS::IAM::Group");
  engine::Reconciler& memberships_ = *registry_.Find("AWS::IAM::UserToGroupAddition");
};

TEST_F(IamFakeTest, EveryTypeSharesOneBulkReadPerCycle) {
  for (int cycle = 1; cycle <= 2; ++cycle) {
    ObserveOrFail(users_);
    ObserveOrFail(roles_);
    ObserveOrFail(policies_);
    ObserveOrFail(groups_);
    ObserveOrFail(memberships_);
    EXPECT_EQ(IamCalls("GetAccountAuthorizationDetails"), cycle)
        << "a type asking again starts a new cycle";
  }
}

TEST_F(IamFakeTest, UserIsTaggedAtCreationAndFoundOwnedWithoutDrift) {
  Iam("CreateUser", {{"UserName", "someone-else"}});
  const auto desired = User(
      "alice", {{"ManagedPolicyArns", {"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
                {"Policies", {{{"PolicyName", "p"}, {"PolicyDocument", Allow("s3:GetObject")}}}},
                {"Tags", {{{"Key", "team"}, {"Value", "a"}}}}});
  CreateOrFail(users_, desired);
  EXPECT_EQ(IamCalls("TagUser"), 0) << "ownership tags go in CreateUser";
  const auto observed = ObserveOrFail(users_);
  ASSERT_EQ(observed.size(), 1u) << "someone else's user is not reported";
  EXPECT_EQ(observed[0].Tag(engine::kLogicalIdTag), "User-alice");
  EXPECT_TRUE(users_.Compare(desired, observed[0]).empty());
}

// A read that finds what the last one found hands back the very resources made of it (the
// engine then knows them unchanged without comparing them); a change behind its back is seen.
TEST_F(IamFakeTest, AnUnchangedAccountGivesBackTheSameResourcesAndAChangeIsSeen) {
  CreateOrFail(users_, User("alice"));
  const auto first = Run(users_.ObserveAll(Scope()));
  const auto second = Run(users_.ObserveAll(Scope()));
  ASSERT_TRUE(first && second);
  ASSERT_EQ(first->size(), 1u);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ(IamCalls("GetAccountAuthorizationDetails"), 2) << "read again, not served stale";
  EXPECT_EQ(first->Shared(0), second->Shared(0)) << "made once";

  Iam("TagUser", {{"UserName", "alice"}, {"Tags", {{{"Key", "team"}, {"Value", "b"}}}}});
  const auto third = Run(users_.ObserveAll(Scope()));
  ASSERT_TRUE(third);
  ASSERT_EQ(third->size(), 1u);
  EXPECT_NE(third->Shared(0), first->Shared(0));
  EXPECT_EQ(third->front().Tag("team"), "b") << "the tag added behind its back";
  EXPECT_EQ(first->front().Tag("team"), "") << "what was handed out before is not changed";
}

// A role's settings (Description, MaxSessionDuration: ListRoles has them, the bulk read does
// not) are added once per change of them: an unchanged role is the same object from one
// observation to the next, and a description changed behind its back is seen.
TEST_F(IamFakeTest, ARolesSettingsAreAddedOnceAndAChangeIsSeen) {
  const json trust = {{"Version", "2012-10-17"},
                      {"Statement",
                       {{{"Effect", "Allow"},
                         {"Principal", {{"Service", "ec2.amazonaws.com"}}},
                         {"Action", "sts:AssumeRole"}}}}};
  CreateOrFail(roles_, MakeDesired("Deployer", "AWS::IAM::Role",
                                   {{"RoleName", "deployer"},
                                    {"AssumeRolePolicyDocument", trust},
                                    {"Description", "first"}},
                                   "deployer"));
  engine::ObserveScope scope = Scope();
  scope.properties_in_use = {"Description"};
  const auto first = Run(roles_.ObserveAll(scope));
  const auto second = Run(roles_.ObserveAll(scope));
  ASSERT_TRUE(first && second);
  ASSERT_EQ(first->size(), 1u);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ(first->front().properties.Value("Description", ""), "first");
  EXPECT_EQ(first->Shared(0), second->Shared(0)) << "not copied again";

  Iam("UpdateRole", {{"RoleName", "deployer"}, {"Description", "second"}});
  const auto third = Run(roles_.ObserveAll(scope));
  ASSERT_TRUE(third);
  ASSERT_EQ(third->size(), 1u);
  EXPECT_EQ(third->front().properties.Value("Description", ""), "second");
  EXPECT_EQ(first->front().properties.Value("Description", ""), "first")
      << "what was handed out before is not changed";
}

// A read after one item changed converts that item again and keeps the others as they were,
// in every list of the answer.
TEST_F(IamFakeTest, OneChangedItemIsReadAgainAndTheOthersAreKept) {
  CreateOrFail(users_, User("alice"));
  CreateOrFail(users_, User("bob"));
  Iam("CreateGroup", {{"GroupName", "g"}});
  ASSERT_EQ(ObserveOrFail(users_).size(), 2u);
  Iam("TagUser", {{"UserName", "bob"}, {"Tags", {{{"Key", "team"}, {"Value", "b"}}}}});
  Iam("AddUserToGroup", {{"GroupName", "g"}, {"UserName", "alice"}});
  const auto observed = ObserveOrFail(users_);
  ASSERT_EQ(observed.size(), 2u);
  std::map<std::string, const engine::ObservedResource*> by_name;
  for (const auto& user : observed) by_name[user.properties.Value("UserName", "")] = &user;
  ASSERT_TRUE(by_name.contains("alice") && by_name.contains("bob"));
  EXPECT_EQ(by_name["bob"]->Tag("team"), "b");
  EXPECT_EQ(by_name["alice"]->Tag("team"), "");
  EXPECT_EQ(by_name["alice"]->properties["Groups"], nlohmann::json::array({"g"}));
}

// The snapshot keeps the last answer's items compressed together; an unchanged answer is
// handed back as it was kept, under the same number.
TEST_F(IamFakeTest, AnUnchangedAnswerKeepsItsNumberAndItsItemsByteForByte) {
  for (const char* user : {"alice", "bob"}) Iam("CreateUser", {{"UserName", user}});
  Iam("CreateGroup", {{"GroupName", "g"}});
  Iam("AddUserToGroup", {{"GroupName", "g"}, {"UserName", "alice"}});
  const auto first = ReadNow();
  const auto second = ReadNow();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(IamCalls("GetAccountAuthorizationDetails"), 2) << "read again, not served stale";
  EXPECT_EQ(second->Number(), first->Number());
  const ItemsByList items = ItemsOf(*first);
  EXPECT_EQ(items[static_cast<std::size_t>(AccountList::kUsers)].size(), 2u);
  EXPECT_EQ(items[static_cast<std::size_t>(AccountList::kGroups)].size(), 1u);
  EXPECT_EQ(ItemsOf(*second), items);
  EXPECT_EQ(ItemsOf(*first), items) << "read twice, the same";
}

// After one item changed, the others come from the kept frame: every item of every list is
// what a snapshot reading the account afresh converts, in the same order.
TEST_F(IamFakeTest, AChangedAnswerGivesEveryItemBackInOrderUnderANewNumber) {
  for (const char* user : {"a", "b", "c", "d"}) Iam("CreateUser", {{"UserName", user}});
  Iam("CreateGroup", {{"GroupName", "g"}});
  Iam("CreateRole",
      {{"RoleName", "r"}, {"AssumeRolePolicyDocument", Allow("sts:AssumeRole").dump()}});
  const auto before = ReadNow();
  ASSERT_TRUE(before);
  Iam("TagUser", {{"UserName", "c"}, {"Tags", {{{"Key", "team"}, {"Value", "c"}}}}});
  const auto after = ReadNow();
  ASSERT_TRUE(after);
  EXPECT_NE(after->Number(), before->Number());

  IamSnapshot afresh(*client_);
  const auto expected = Run(afresh.Read("test"));
  ASSERT_TRUE(expected);
  const ItemsByList items = ItemsOf(*after);
  EXPECT_EQ(items, ItemsOf(**expected));
  const auto users = items[static_cast<std::size_t>(AccountList::kUsers)];
  const auto users_before = ItemsOf(*before)[static_cast<std::size_t>(AccountList::kUsers)];
  ASSERT_EQ(users.size(), 4u);
  ASSERT_EQ(users_before.size(), 4u);
  EXPECT_EQ(PackedJson::Unpack(users[2])["UserName"], "c");
  EXPECT_NE(users[2], users_before[2]) << "the changed item read again";
  for (const std::size_t kept : {0u, 1u, 3u}) EXPECT_EQ(users[kept], users_before[kept]);
}

// The client converts only the items whose digests the snapshot holds: those of the last
// answer, no more (a held item the answer no longer has would be skipped unread) and no fewer.
TEST_F(IamFakeTest, TheDigestsHeldAreExactlyTheLastAnswers) {
  for (const char* user : {"alice", "bob"}) Iam("CreateUser", {{"UserName", user}});
  Iam("CreateGroup", {{"GroupName", "g"}});
  const std::vector<ShortDigest> answer = AnswerDigests();
  ASSERT_EQ(answer.size(), 3u);
  for (const ShortDigest& digest : answer) EXPECT_FALSE(snapshot_->Holds(digest)) << "nothing read";

  ASSERT_TRUE(ReadNow());
  for (const ShortDigest& digest : answer) EXPECT_TRUE(snapshot_->Holds(digest));
  EXPECT_FALSE(snapshot_->Holds(HalfSha256("no item")));

  Iam("TagUser", {{"UserName", "bob"}, {"Tags", {{{"Key", "team"}, {"Value", "b"}}}}});
  const std::vector<ShortDigest> changed = AnswerDigests();
  ASSERT_TRUE(ReadNow());
  for (const ShortDigest& digest : changed) EXPECT_TRUE(snapshot_->Holds(digest));
  const auto dropped = std::count_if(answer.begin(), answer.end(), [&](const ShortDigest& digest) {
    return !snapshot_->Holds(digest);
  });
  EXPECT_EQ(dropped, 1) << "bob's old bytes are no longer held";
}

TEST_F(IamFakeTest, AnEmptyAnswerIsReadAndKept) {
  const auto empty = ReadNow();
  const auto again = ReadNow();
  ASSERT_TRUE(empty && again);
  EXPECT_EQ(ItemsOf(*empty), ItemsByList());
  EXPECT_EQ(again->Number(), empty->Number());

  Iam("CreateUser", {{"UserName", "alice"}});
  const auto one = ReadNow();
  ASSERT_TRUE(one);
  EXPECT_NE(one->Number(), empty->Number());
  EXPECT_EQ(ItemsOf(*one)[static_cast<std::size_t>(AccountList::kUsers)].size(), 1u);

  Iam("DeleteUser", {{"UserName", "alice"}});
  const auto emptied = ReadNow();
  ASSERT_TRUE(emptied);
  EXPECT_NE(emptied->Number(), one->Number());
  EXPECT_EQ(ItemsOf(*emptied), ItemsByList()) << "an answer changed to none";
}

TEST_F(IamFakeTest, CreateAgainReturnsOurOwnUserAndRefusesAStranger) {
  CreateOrFail(users_, User("alice"));
  auto again = Run(Writing(users_).Create(User("alice")));
  ASSERT_TRUE(again.has_value()) << again.error().Describe();
  Iam("CreateUser", {{"UserName", "bob"}});
  auto stranger = Run(Writing(users_).Create(User("bob")));
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().aws_code, "EntityAlreadyExists");
}

TEST_F(IamFakeTest, DeletingAUserLeavesGroupsAndDropsPoliciesFirst) {
  CreateOrFail(
      users_,
      User("alice", {{"Policies", {{{"PolicyName", "p"}, {"PolicyDocument", Allow("s3:A")}}}}}));
  Iam("CreateGroup", {{"GroupName", "g"}});
  Iam("AddUserToGroup", {{"GroupName", "g"}, {"UserName", "alice"}});
  Iam("AttachUserPolicy",
      {{"UserName", "alice"}, {"PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"}});
  const auto observed = ObserveOrFail(users_);
  ASSERT_EQ(observed.size(), 1u);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto deleted = Run(Writing(users_).Delete(observed[0]));
    ASSERT_TRUE(deleted.has_value()) << attempt << ": " << deleted.error().Describe();
  }
  EXPECT_TRUE(ObserveOrFail(users_).empty());
}

TEST_F(IamFakeTest, ANewDocumentIsANewDefaultVersionPruningAtTheLimit) {
  auto desired = MakeDesired("Policy", "AWS::IAM::ManagedPolicy",
                             {{"PolicyDocument", Allow("s3:A0")}}, "policy");
  CreateOrFail(policies_, desired);
  const char* actions[] = {"s3:A1", "s3:A2", "s3:A3", "s3:A4", "s3:A5", "s3:A6"};
  for (const char* action : actions) {
    desired.properties["PolicyDocument"] = Allow(action);
    auto observed = ObserveOrFail(policies_);
    ASSERT_EQ(observed.size(), 1u);
    const engine::Diff diff = policies_.Compare(desired, observed[0]);
    ASSERT_TRUE(diff.Touches("/PolicyDocument"));
    auto updated = Run(Writing(policies_).Update(desired, observed[0], diff));
    ASSERT_TRUE(updated.has_value()) << action << ": " << updated.error().Describe();
  }
  const auto observed = ObserveOrFail(policies_);
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_TRUE(policies_.Compare(desired, observed[0]).empty());
  EXPECT_EQ(observed[0].internal["versions"].size(), 5u);
  EXPECT_EQ(IamCalls("DeletePolicyVersion"), 2);
  auto deleted = Run(Writing(policies_).Delete(observed[0]));
  ASSERT_TRUE(deleted.has_value()) << deleted.error().Describe();
  EXPECT_TRUE(ObserveOrFail(policies_).empty());
}

// The policies are made once per answer: a read that finds the same answer makes nothing
// again, and an attachment made behind the daemon's back (an item of another list: the user's)
// is seen at the next read.
TEST_F(IamFakeTest, APolicyAttachedOutsideIsSeenAtTheNextRead) {
  Iam("CreateUser", {{"UserName", "alice"}});
  CreateOrFail(policies_, MakeDesired("Policy", "AWS::IAM::ManagedPolicy",
                                      {{"PolicyDocument", Allow("s3:A")}}, "policy"));
  auto observed = ObserveOrFail(policies_);
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_EQ(observed[0].properties["Users"], json::array());
  ASSERT_EQ(ObserveOrFail(policies_).size(), 1u);

  Iam("AttachUserPolicy", {{"UserName", "alice"}, {"PolicyArn", observed[0].physical_id}});
  observed = ObserveOrFail(policies_);
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_EQ(observed[0].properties["Users"], json::array({"alice"}));
  EXPECT_EQ(observed[0].Tag(std::string(engine::kLogicalIdTag)), "Policy") << "still ours";
}

TEST_F(IamFakeTest, AGroupIsOursOnlyThroughTheLedger) {
  Iam("CreateGroup", {{"GroupName", "theirs"}});
  const auto desired = MakeDesired("Admins", "AWS::IAM::Group", {{"GroupName", "Admin"}}, "Admin");
  CreateOrFail(groups_, desired);
  auto observed = ObserveOrFail(groups_, {"theirs"});
  ASSERT_EQ(observed.size(), 2u);
  for (const auto& group : observed) {
    EXPECT_EQ(group.Tag(engine::kOwnerTag), group.physical_id == "Admin" ? ec2::kTestOwner : "")
        << group.physical_id;
  }
  // Deleted and re-created by someone else under the same name: no longer ours.
  Iam("DeleteGroup", {{"GroupName", "Admin"}});
  Iam("CreateGroup", {{"GroupName", "Admin"}});
  observed = ObserveOrFail(groups_);
  EXPECT_TRUE(observed.empty());
  auto again = Run(Writing(groups_).Create(desired));
  ASSERT_FALSE(again.has_value()) << "a stranger's group is never claimed";
}

// A group is made of the read and the ledger: the same group while neither moved, and a
// change to the ledger alone (its ownership given up) is seen at the next observation.
TEST_F(IamFakeTest, AGroupIsMadeAgainWhenTheLedgerMoves) {
  const auto desired = MakeDesired("Admins", "AWS::IAM::Group", {{"GroupName", "Admin"}}, "Admin");
  CreateOrFail(groups_, desired);
  const auto first = Run(groups_.ObserveAll(Scope({"Admin"})));
  const auto second = Run(groups_.ObserveAll(Scope({"Admin"})));
  ASSERT_TRUE(first && second);
  ASSERT_EQ(first->size(), 1u);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ(first->Shared(0), second->Shared(0)) << "made once";
  EXPECT_EQ(first->front().Tag(engine::kOwnerTag), ec2::kTestOwner);

  ASSERT_TRUE(ledger_->Remove("Group", "Admin").has_value());
  const auto third = Run(groups_.ObserveAll(Scope({"Admin"})));
  ASSERT_TRUE(third);
  ASSERT_EQ(third->size(), 1u) << "still a look-alike under its name";
  EXPECT_EQ(third->front().Tag(engine::kOwnerTag), "") << "no longer ours";
}

TEST_F(IamFakeTest, AMembershipRemovesOnlyItsOwnUsers) {
  for (const char* user : {"a", "b", "c"}) Iam("CreateUser", {{"UserName", user}});
  Iam("CreateGroup", {{"GroupName", "g"}});
  Iam("AddUserToGroup", {{"GroupName", "g"}, {"UserName", "c"}});
  auto desired = MakeDesired("Members", "AWS::IAM::UserToGroupAddition",
                             {{"GroupName", "g"}, {"Users", {"a", "b"}}});
  CreateOrFail(memberships_, desired);
  Iam("RemoveUserFromGroup", {{"GroupName", "g"}, {"UserName", "b"}});

  auto observed = ObserveOrFail(memberships_);
  ASSERT_EQ(observed.size(), 1u);
  engine::Diff diff = memberships_.Compare(desired, observed[0]);
  ASSERT_TRUE(diff.Touches("/Users")) << "a user removed outside is drift";
  desired.properties["Users"] = {"b"};  // and "a" leaves the list
  diff = memberships_.Compare(desired, observed[0]);
  ASSERT_TRUE(Run(Writing(memberships_).Update(desired, observed[0], diff)).has_value());
  observed = ObserveOrFail(memberships_);
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_TRUE(memberships_.Compare(desired, observed[0]).empty());

  ASSERT_TRUE(Run(Writing(memberships_).Delete(observed[0])).has_value());
  const json members = Iam("GetGroup", {{"GroupName", "g"}})["Users"];
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0]["UserName"], "c") << "a member the file never listed stays";
  EXPECT_TRUE(ObserveOrFail(memberships_).empty());
}

// What `awsreconciled export` reads and a daemon then declares: members that exist are taken
// over without a call, and an export sees the members no membership of ours lists.
TEST_F(IamFakeTest, AMembershipOfMembersAlreadyThereWritesNothingAndAnExportSeesThem) {
  for (const char* user : {"a", "b"}) Iam("CreateUser", {{"UserName", user}});
  Iam("CreateGroup", {{"GroupName", "g"}});
  Iam("AddUserToGroup", {{"GroupName", "g"}, {"UserName", "a"}});
  engine::ObserveScope everything = Scope();
  everything.everything = true;
  auto seen = Run(memberships_.ObserveAll(everything));
  ASSERT_TRUE(seen.has_value());
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_TRUE((*seen)[0].tags.empty()) << "nobody's";
  EXPECT_EQ((*seen)[0].properties, json({{"GroupName", "g"}, {"Users", {"a"}}}));
  EXPECT_TRUE(ObserveOrFail(memberships_).empty()) << "a cycle sees only its own";

  CreateOrFail(memberships_, MakeDesired("Members", "AWS::IAM::UserToGroupAddition",
                                         {{"GroupName", "g"}, {"Users", {"a"}}}));
  EXPECT_EQ(IamCalls("AddUserToGroup"), 1) << "only the one above";
  CreateOrFail(memberships_, MakeDesired("More", "AWS::IAM::UserToGroupAddition",
                                         {{"GroupName", "g"}, {"Users", {"a", "b"}}}));
  EXPECT_EQ(IamCalls("AddUserToGroup"), 2) << "b, who was not a member";
  seen = Run(memberships_.ObserveAll(everything));
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->size(), 2u) << "ours only: no member is left unlisted";
}

}  // namespace
}  // namespace awsr::reconcilers::iam
