// AWS::IAM::Group. Named (GroupName); found in the shared bulk read (iam_snapshot.h). IAM
// groups take no tags, so ownership is recorded in the ledger (group_ledger.h) by name and
// group id, and reported as the group's tags.
#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/iam/group_ledger.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_ownership.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_type.h"
#include "reconcilers/iam/iam_types.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

constexpr char kLedgerKind[] = "Group";

// What the ledger records of a group besides its tags: the id AWS gave it.
json GroupDetails(const engine::ObservedResource& group) {
  return {{"group_id", StringField(group.internal, "id")}};
}

engine::ObservedResource AfterCreate(const engine::DesiredResource& desired, const json& group) {
  engine::ObservedResource observed = ObservedAfterCreate(desired, "GroupName", group);
  observed.internal = {{"id", StringField(group, "GroupId")}, {"members", json::array()}};
  return observed;
}

class GroupReconciler final : public IamType {
 public:
  GroupReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot,
                  std::shared_ptr<OwnershipLedger> ledger)
      : IamType({.type = "AWS::IAM::Group", .service = "iam", .name_property = "GroupName"}, client,
                std::move(snapshot)),
        ledger_(std::move(ledger)) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto details = co_await snapshot_->Read(std::string(Type()));
    if (!details) co_return details.error();
    const auto make = [this](const AccountRead& read) {
      std::vector<engine::ObservedResource> groups;
      const auto members = MembersByGroup(read);
      read.ForEach(AccountList::kGroups, [&](const json& detail) {
        engine::ObservedResource group = ObservedGroup(detail);
        group.tags = ledger_.TagsOf(group.physical_id, StringField(group.internal, "id"),
                                    StringField(detail, "CreateDate"));
        const auto found = members.find(group.physical_id);
        group.internal["members"] =
            found == members.end() ? std::vector<std::string>() : found->second;
        groups.push_back(std::move(group));
      });
      return engine::ObservedList(std::move(groups));
    };
    engine::ObservedList groups = MadeOf(**details, make, ledger_.Generation());
    co_return kit::OursOrWanted(std::move(groups), scope);
  }

  // The ledger records the create before it is sent (group_ledger.h). A retry after a lost
  // answer or a crash finds the group through GetGroup: ours if an earlier attempt's record
  // matches its creation time.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    auto earlier = ledger_.BeginCreate(desired.name, desired.ownership_tags, WallClock::now());
    if (!earlier) co_return earlier.error();
    json params = {{"GroupName", desired.name}};
    if (const std::string path = StringField(desired.properties, "Path"); !path.empty())
      params["Path"] = path;
    auto created = co_await client_.Call(IamCall("CreateGroup", std::move(params)));
    json group;
    if (created) {
      group = created->data.value("Group", json::object());
    } else {
      auto found = co_await EarlierGroup(desired.name, *earlier, created.error());
      if (!found) co_return found.error();
      group = std::move(*found);
    }
    auto pinned = ledger_.Pin(desired.name, desired.ownership_tags, StringField(group, "GroupId"));
    if (!pinned) co_return pinned.error();
    const Principal principal{"Group", desired.name};
    auto policies = co_await SyncPolicies(client_, principal, desired.properties, json::object());
    if (!policies) co_return policies.error();
    co_return AfterCreate(desired, group);
  }

  // GroupName needs a replacement, which the engine decides.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (diff.Touches("/Path")) {
      const aws::CallRequest call =
          IamCall("UpdateGroup", {{"GroupName", observed.physical_id},
                                  {"NewPath", StringField(desired.properties, "Path")}});
      auto moved = co_await CallForEffect(client_, call);
      if (!moved) co_return moved;
    }
    const Principal principal{"Group", observed.physical_id};
    co_return co_await SyncPolicies(client_, principal, desired.properties, observed.properties);
  }

  // IAM deletes a group only once it is empty and holds no policy. The group is going away, so
  // every member leaves it (the users stay); the ledger entry goes last.
  Task<void> Delete(engine::ObservedResource observed) override {
    const std::string& group = observed.physical_id;
    for (const auto& user : MemberOr(observed.internal, "members", json::array())) {
      const aws::CallRequest call =
          IamCall("RemoveUserFromGroup", {{"GroupName", group}, {"UserName", user}});
      auto removed = co_await CallIgnoringNotFound(client_, call);
      if (!removed) co_return removed;
    }
    const Principal principal{"Group", group};
    auto stripped = co_await RemovePolicies(client_, principal, observed.properties);
    if (!stripped) co_return stripped;
    const aws::CallRequest call = IamCall("DeleteGroup", {{"GroupName", group}});
    auto deleted = co_await CallIgnoringNotFound(client_, call);
    if (!deleted) co_return deleted;
    co_return ledger_.Forget(group);
  }

 private:
  // After CreateGroup failed: the group an earlier attempt made, if "exists" means that; a
  // definite failure or someone else's group leaves no record of ours.
  Task<json> EarlierGroup(std::string name, std::optional<LedgerEntry> earlier, Error failure) {
    if (failure.aws_code == "EntityAlreadyExists") {
      const aws::CallRequest get = IamCall("GetGroup", {{"GroupName", name}, {"MaxItems", 1}});
      auto existing = co_await client_.Call(get);
      if (!existing) co_return aws::JsonError(existing.error());
      json group = existing->data.value("Group", json::object());
      if (GroupLedger::EarlierAttemptMade(earlier, StringField(group, "GroupId"),
                                          StringField(group, "CreateDate"))) {
        co_return aws::JsonValue(std::move(group));
      }
    } else if (failure.Retryable()) {
      co_return aws::JsonError(failure);  // it may have been made: the record stays
    }
    (void)ledger_.Forget(name);
    co_return aws::JsonError(failure);
  }

  GroupLedger ledger_;
};

}  // namespace

void AddGroup(engine::Registry& registry, const IamContext& context) {
  registry.Add(std::make_unique<GroupReconciler>(context.client, context.snapshot, context.ledger),
               LedgerTags(context.ledger, kLedgerKind, GroupDetails));
}

}  // namespace awsr::reconcilers::iam
