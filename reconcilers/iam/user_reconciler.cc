// AWS::IAM::User. Named (UserName); found in the shared bulk read (iam_snapshot.h); owned by
// the tags CreateUser applies.
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

aws::CallRequest MembershipCall(const char* operation, const std::string& user,
                                const std::string& group) {
  return IamCall(operation, {{"UserName", user}, {"GroupName", group}});
}

class UserReconciler final : public IamType {
 public:
  UserReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot)
      : IamType({.type = "AWS::IAM::User",
                 .service = "iam",
                 .name_property = "UserName",
                 .max_name_length = 64},
                client, std::move(snapshot)) {}

  Task<std::vector<engine::ObservedResource>> ObserveAll(engine::ObserveScope scope) override {
    auto details = co_await snapshot_->Read(std::string(Type()));
    if (!details) co_return details.error();
    std::vector<engine::ObservedResource> users;
    for (const auto& user : (*details)->users) users.push_back(ObservedUser(user));
    co_return kit::OursOrWanted(std::move(users), scope);
  }

  // CreateUser carries the tags; policies and groups follow. If one of them fails, the user
  // exists with our tags and the next pass completes it.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = {{"UserName", desired.name}, {"Tags", kit::CreationTagList(desired)}};
    if (const std::string path = StringField(desired.properties, "Path"); !path.empty())
      params["Path"] = path;
    const aws::CallRequest get = IamCall("GetUser", {{"UserName", desired.name}});
    auto user =
        co_await CreateOrFindOwn(desired, IamCall("CreateUser", std::move(params)), get, "User");
    if (!user) co_return user.error();
    const Principal principal{"User", desired.name};
    auto policies = co_await SyncPolicies(client_, principal, desired.properties, json::object());
    if (!policies) co_return policies.error();
    auto groups =
        co_await SyncGroups(desired.name, NameList(desired.properties, "Groups"), json::array());
    if (!groups) co_return groups.error();
    co_return ObservedAfterCreate(desired, "UserName", *user);
  }

  // UserName needs a replacement, which the engine decides; everything else changes in place.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    const std::string& user = observed.physical_id;
    if (diff.Touches("/Path")) {
      const aws::CallRequest call = IamCall(
          "UpdateUser", {{"UserName", user}, {"NewPath", StringField(desired.properties, "Path")}});
      auto moved = co_await CallForEffect(client_, call);
      if (!moved) co_return moved;
    }
    if (diff.Touches("/ManagedPolicyArns") || diff.Touches("/Policies")) {
      const Principal principal{"User", user};
      auto synced =
          co_await SyncPolicies(client_, principal, desired.properties, observed.properties);
      if (!synced) co_return synced;
    }
    if (!diff.Touches("/Groups")) co_return Result<void>{};
    co_return co_await SyncGroups(user, NameList(desired.properties, "Groups"),
                                  NameList(observed.properties, "Groups"));
  }

  // IAM deletes a user only once it is in no group and holds no policy. The user is going
  // away, so every membership goes, not only the file's: the groups themselves stay.
  Task<void> Delete(engine::ObservedResource observed) override {
    const std::string& user = observed.physical_id;
    auto left = co_await SyncGroups(user, json::array(), NameList(observed.properties, "Groups"));
    if (!left) co_return left;
    const Principal principal{"User", user};
    auto removed = co_await RemovePolicies(client_, principal, observed.properties);
    if (!removed) co_return removed;
    const aws::CallRequest call = IamCall("DeleteUser", {{"UserName", user}});
    co_return co_await CallIgnoringNotFound(client_, call);
  }

 private:
  // Adds the user to the groups in `desired` it is not in, removes it from the others.
  Task<void> SyncGroups(std::string user, json desired, json observed) {
    const auto add = [user](const std::string& group) {
      return MembershipCall("AddUserToGroup", user, group);
    };
    const auto remove = [user](const std::string& group) {
      return MembershipCall("RemoveUserFromGroup", user, group);
    };
    co_return co_await SyncNames(client_, std::move(desired), std::move(observed), add, remove);
  }
};

}  // namespace

void AddUser(engine::Registry& registry, const IamContext& context) {
  registry.Add(std::make_unique<UserReconciler>(context.client, context.snapshot),
               IamTags(context.client, "User", "UserName"));
}

}  // namespace awsr::reconcilers::iam
