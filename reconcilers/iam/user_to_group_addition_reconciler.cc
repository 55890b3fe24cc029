// AWS::IAM::UserToGroupAddition: the membership of the listed users in one group. AWS has no
// object for it, so it has no AWS id and no tags: each one is a ledger entry
// (ownership_ledger.h) keyed by its logical ID, naming the group and the users it added. The
// observed Users are the listed users AWS shows in the group, so a user removed behind the
// daemon's back is drift. Delete removes only the listed users; other members stay.
//
// There are no look-alikes: a membership nobody recorded cannot be told from members added
// by hand, so it is never reported (no identity key) and never claimed. A create takes the
// listed users that are members already as they are (nothing is sent for them), so a file
// that declares what exists, as `awsreconciled export` writes it, changes nothing in AWS.
// An export (ObserveScope::everything) sees each group's members no membership of ours lists
// as one membership of nobody's, named by its group.
#include <algorithm>

#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_ownership.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_type.h"
#include "reconcilers/iam/iam_types.h"
#include "reconcilers/iam/name_lists.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

constexpr char kLedgerKind[] = "UserToGroupAddition";

// A membership as the ledger and AWS together say: the listed users that are in the group.
// The ledger entry's details are {group, users}: the group and every user it may have added.
engine::ObservedResource Membership(const std::string& logical_id, const LedgerEntry& entry,
                                    const std::vector<std::string>& members) {
  engine::ObservedResource observed;
  observed.physical_id = logical_id;
  observed.tags = entry.tags;
  json present = json::array();
  for (const auto& user : Missing(NameList(entry.details, "users"), json::array()))
    if (std::ranges::find(members, user) != members.end()) present.push_back(user);
  observed.properties = {{"GroupName", StringField(entry.details, "group")},
                         {"Users", std::move(present)}};
  observed.internal = entry.details;
  return observed;
}

// Whether a membership in `ours` lists `user` in `group`.
bool ListedByOurs(const std::vector<engine::ObservedResource>& ours, const std::string& group,
                  const std::string& user) {
  return std::ranges::any_of(ours, [&](const engine::ObservedResource& membership) {
    const json listed = NameList(membership.internal, "users");
    return StringField(membership.internal, "group") == group &&
           std::find(listed.begin(), listed.end(), json(user)) != listed.end();
  });
}

json LedgerDetails(const std::string& group, const json& users) {
  return {{"group", group}, {"users", users}};
}

class UserToGroupAdditionReconciler final : public IamType {
 public:
  UserToGroupAdditionReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot,
                                std::shared_ptr<OwnershipLedger> ledger)
      : IamType({.type = "AWS::IAM::UserToGroupAddition", .service = "iam"}, client,
                std::move(snapshot)),
        ledger_(std::move(ledger)) {}

  // No look-alikes (see above).
  std::string IdentityKey(const engine::DesiredResource&) const override { return {}; }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto details = co_await snapshot_->Read(std::string(Type()));
    if (!details) co_return details.error();
    std::vector<engine::ObservedResource> memberships;
    const auto& members_by_group = MembersOf(**details);
    for (const auto& [logical_id, entry] : ledger_->All(kLedgerKind)) {
      const auto owner = entry.tags.find(engine::kOwnerTag);
      if (owner == entry.tags.end() || !kit::IsOursOrReleased(owner->second, scope.owner)) continue;
      const auto members = members_by_group.find(StringField(entry.details, "group"));
      memberships.push_back(Membership(
          logical_id, entry,
          members == members_by_group.end() ? std::vector<std::string>() : members->second));
    }
    if (scope.everything) {
      for (const auto& [group, members] : members_by_group) {
        json others = json::array();
        for (const auto& user : members) {
          if (!ListedByOurs(memberships, group, user)) others.push_back(user);
        }
        if (others.empty()) continue;
        engine::ObservedResource unowned;
        unowned.physical_id = group;
        unowned.properties = {{"GroupName", group}, {"Users", std::move(others)}};
        memberships.push_back(std::move(unowned));
      }
    }
    co_return memberships;
  }

  // The ledger entry comes first: a membership names nobody else's object, and the entry is
  // what lets Delete undo a create that stopped half-way.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    const std::string group = StringField(desired.properties, "GroupName");
    const LedgerEntry entry{desired.ownership_tags,
                            LedgerDetails(group, NameList(desired.properties, "Users"))};
    auto recorded = ledger_->Put(kLedgerKind, desired.logical_id, entry);
    if (!recorded) co_return recorded.error();
    auto members = co_await MembersNow(group);
    if (!members) co_return members.error();
    json already = json::array();
    for (const auto& user : Missing(NameList(desired.properties, "Users"), json::array())) {
      if (std::find(members->begin(), members->end(), json(user)) != members->end())
        already.push_back(user);
    }
    auto added = co_await SyncMembers(group, NameList(desired.properties, "Users"), already);
    if (!added) co_return added.error();
    co_return Membership(desired.logical_id, entry,
                         Missing(NameList(desired.properties, "Users"), json::array()));
  }

  // A user dropped from the list leaves the group; a new group takes every listed user from
  // the old one. The ledger lists the union until the removals are done, so a failure half-way
  // still knows whom to remove.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    const std::string group = StringField(desired.properties, "GroupName");
    const std::string old_group = StringField(observed.internal, "group");
    const json users = NameList(desired.properties, "Users");
    const json listed = NameList(observed.internal, "users");
    const bool moved = group != old_group;
    json both = listed;
    for (const auto& user : Missing(users, listed)) both.push_back(user);
    LedgerEntry entry{observed.tags, LedgerDetails(old_group, both)};
    auto widened = ledger_->Put(kLedgerKind, observed.physical_id, entry);
    if (!widened) co_return widened;

    // The listed users AWS shows in the old group, or in the new one nobody yet.
    const json present = moved ? json::array() : NameList(observed.properties, "Users");
    auto synced = co_await SyncMembers(group, users, present);
    if (!synced) co_return synced;
    if (moved) {
      auto left = co_await SyncMembers(old_group, json::array(), listed);
      if (!left) co_return left;
    }

    entry.details = LedgerDetails(group, users);
    co_return ledger_->Put(kLedgerKind, observed.physical_id, entry);
  }

  // Only the listed users leave; members added otherwise stay. A group or user already gone
  // counts as done.
  Task<void> Delete(engine::ObservedResource observed) override {
    auto removed = co_await SyncMembers(StringField(observed.internal, "group"), json::array(),
                                        NameList(observed.internal, "users"));
    if (!removed) co_return removed;
    co_return ledger_->Remove(kLedgerKind, observed.physical_id);
  }

 private:
  // The users in `group` now (GetGroup, every page), read on its own: the shared bulk read
  // serves each type once a cycle, and a create must not spend it.
  Task<json> MembersNow(std::string group) {
    const aws::CallRequest call = IamCall("GetGroup", {{"GroupName", group}});
    const aws::PageTokens tokens{"Marker", "Marker"};
    auto pages = co_await client_.CallAllPages(call, tokens, 10000);
    if (!pages) co_return aws::JsonError(pages.error());
    json users = json::array();
    for (const auto& page : *pages) {
      for (const auto& user : aws::AsList(page.value("Users", json())))
        users.push_back(StringField(user, "UserName"));
    }
    co_return aws::JsonValue(std::move(users));
  }

  // Adds the users in `desired` and not in `observed` to `group`, removes the others.
  Task<void> SyncMembers(std::string group, json desired, json observed) {
    const auto add = [group](const std::string& user) {
      return IamCall("AddUserToGroup", {{"GroupName", group}, {"UserName", user}});
    };
    const auto remove = [group](const std::string& user) {
      return IamCall("RemoveUserFromGroup", {{"GroupName", group}, {"UserName", user}});
    };
    co_return co_await SyncNames(client_, std::move(desired), std::move(observed), add, remove);
  }

  // Each group's users in the read: made again only when its number moves.
  const std::map<std::string, std::vector<std::string>>& MembersOf(const AccountRead& read) {
    return members_by_group_.Of(read, MembersByGroup);
  }

  std::shared_ptr<OwnershipLedger> ledger_;
  ReadMemo<std::map<std::string, std::vector<std::string>>> members_by_group_;
};

}  // namespace

void AddUserToGroupAddition(engine::Registry& registry, const IamContext& context) {
  registry.Add(
      std::make_unique<UserToGroupAdditionReconciler>(context.client, context.snapshot,
                                                      context.ledger),
      LedgerTags(context.ledger, kLedgerKind,
                 [](const engine::ObservedResource& observed) { return observed.internal; }));
}

}  // namespace awsr::reconcilers::iam
