// AWS::IAM::User. Named (UserName); found in the shared bulk read (iam_snapshot.h); owned by
// the tags CreateUser applies.
//
// LoginProfile (the console password, usually a dynamic reference, and PasswordResetRequired)
// is write-only (kit/write_only.h): AWS never shows the password, so the profile is written
// on create and again when the file's text for it changes, never compared with AWS. The bulk
// read does not show login profiles either; one deleted by hand is not seen (a GetLoginProfile
// per user each cycle would be), and dropping LoginProfile from the file leaves it as it is.
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_ownership.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_type.h"
#include "reconcilers/iam/iam_types.h"
#include "reconcilers/iam/name_lists.h"
#include "reconcilers/kit/dynamic_references.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/write_only.h"

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
                client, std::move(snapshot)),
        write_only_({"LoginProfile"}) {}

  // IAM's comparison, plus the login profile's stamp (never its content).
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    engine::DesiredResource shown = desired;
    shown.properties = write_only_.Without(desired);
    engine::Diff diff = IamType::Compare(shown, observed);
    engine::DesiredResource secret_only = desired;
    secret_only.properties = json::object();
    for (const auto& name : write_only_.In(desired))
      secret_only.properties[name] = desired.properties[name];
    engine::ObservedResource stamp_only = observed;
    stamp_only.properties = json::object();
    for (auto& change : write_only_.Compare(secret_only, stamp_only).changes)
      diff.changes.push_back(std::move(change));
    return diff;
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto details = co_await snapshot_->Read(std::string(Type()));
    if (!details) co_return details.error();
    engine::ObservedList users = MadeOf(**details, [](const AccountRead& read) {
      std::vector<engine::ObservedResource> made;
      read.ForEach(AccountList::kUsers,
                   [&](const json& user) { made.push_back(ObservedUser(user)); });
      return engine::ObservedList(std::move(made));
    });
    co_return kit::OursOrWanted(std::move(users), scope);
  }

  // CreateUser carries the tags; policies and groups follow. If one of them fails, the user
  // exists with our tags and the next pass completes it.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = {{"UserName", desired.name}, {"Tags", write_only_.CreationTagList(desired)}};
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
    auto profile = co_await WriteLoginProfile(desired, "CreateLoginProfile");
    if (!profile) co_return profile.error();
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
    if (diff.Touches("/Groups")) {
      auto synced = co_await SyncGroups(user, NameList(desired.properties, "Groups"),
                                        NameList(observed.properties, "Groups"));
      if (!synced) co_return synced;
    }
    if (!diff.Touches("/LoginProfile")) co_return Result<void>{};
    co_return co_await UpdateLoginProfile(desired, user);
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
    // IAM refuses to delete a user who can still sign in to the console.
    const aws::CallRequest profile = IamCall("DeleteLoginProfile", {{"UserName", user}});
    auto signed_out = co_await CallIgnoringNotFound(client_, profile);
    if (!signed_out) co_return signed_out;
    const aws::CallRequest call = IamCall("DeleteUser", {{"UserName", user}});
    co_return co_await CallIgnoringNotFound(client_, call);
  }

 private:
  // Create- or UpdateLoginProfile with the file's profile, the password resolved only here;
  // nothing when the file sets none.
  Task<void> WriteLoginProfile(engine::DesiredResource desired, std::string operation) {
    const json profile = desired.properties.value("LoginProfile", json());
    if (!profile.is_object()) co_return Result<void>{};
    json params = {{"UserName", desired.name}};
    if (profile.contains("PasswordResetRequired"))
      params["PasswordResetRequired"] = IsTrue(profile["PasswordResetRequired"]);
    if (profile.contains("Password")) {
      auto password =
          co_await kit::ResolveDynamicReferences(client_, desired.region, profile["Password"]);
      if (!password) co_return password.error();
      params["Password"] = password->is_string() ? password->get<std::string>() : std::string();
    }
    const aws::CallRequest call = IamCall(std::move(operation), std::move(params));
    co_return co_await CallForEffect(client_, call);
  }

  // The profile written again (made if someone deleted it), then the stamp of what was written.
  Task<void> UpdateLoginProfile(engine::DesiredResource desired, std::string user) {
    desired.name = user;
    auto updated = co_await WriteLoginProfile(desired, "UpdateLoginProfile");
    if (!updated && updated.error().kind == ErrorKind::kNotFound)
      updated = co_await WriteLoginProfile(desired, "CreateLoginProfile");
    if (!updated) co_return updated;
    json tags = json::array();
    tags.push_back(
        {{"Key", std::string(kit::kWriteOnlyTag)}, {"Value", write_only_.Stamp(desired)}});
    const aws::CallRequest tag = IamCall("TagUser", {{"UserName", user}, {"Tags", tags}});
    co_return co_await CallForEffect(client_, tag);
  }

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

  kit::WriteOnly write_only_;
};

}  // namespace

void AddUser(engine::Registry& registry, const IamContext& context) {
  registry.Add(std::make_unique<UserReconciler>(context.client, context.snapshot),
               IamTags(context.client, "User", "UserName"));
}

}  // namespace awsr::reconcilers::iam
