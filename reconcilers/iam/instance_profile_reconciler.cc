// AWS::IAM::InstanceProfile. Named (InstanceProfileName); owned by the tags
// CreateInstanceProfile applies. GetAccountAuthorizationDetails shows only profiles that hold
// a role, so profiles are observed with their own bulk read, one paginated
// ListInstanceProfiles per cycle. GetAtt: Arn.
#include "daemon/aws/xml_to_json.h"
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

aws::CallRequest RoleCall(const char* operation, const std::string& profile,
                          const std::string& role) {
  return IamCall(operation, {{"InstanceProfileName", profile}, {"RoleName", role}});
}

class InstanceProfileReconciler final : public IamType {
 public:
  InstanceProfileReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot)
      : IamType({.type = "AWS::IAM::InstanceProfile",
                 .service = "iam",
                 .name_property = "InstanceProfileName"},
                client, std::move(snapshot)) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::PageTokens detect_tokens;
    const aws::CallRequest list = IamCall("ListInstanceProfiles", {{"MaxItems", 1000}});
    auto pages = co_await client_.CallAllPages(list, detect_tokens, 10000);
    if (!pages) co_return pages.error();
    std::vector<engine::ObservedResource> profiles;
    for (const auto& page : *pages) {
      for (const auto& profile : aws::AsList(page.value("InstanceProfiles", json())))
        profiles.push_back(ObservedInstanceProfile(profile));
    }
    co_return kit::OursOrWanted(std::move(profiles), scope);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = {{"InstanceProfileName", desired.name}, {"Tags", kit::CreationTagList(desired)}};
    if (const std::string path = StringField(desired.properties, "Path"); !path.empty())
      params["Path"] = path;
    const aws::CallRequest get =
        IamCall("GetInstanceProfile", {{"InstanceProfileName", desired.name}});
    auto profile = co_await CreateOrFindOwn(
        desired, IamCall("CreateInstanceProfile", std::move(params)), get, "InstanceProfile");
    if (!profile) co_return profile.error();
    auto roles =
        co_await SyncRoles(desired.name, NameList(desired.properties, "Roles"),
                           NameList(ObservedInstanceProfile(*profile).properties, "Roles"));
    if (!roles) co_return roles.error();
    co_return ObservedAfterCreate(desired, "InstanceProfileName", *profile);
  }

  // InstanceProfileName and Path need a replacement, which the engine decides.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    co_return co_await SyncRoles(observed.physical_id, NameList(desired.properties, "Roles"),
                                 NameList(observed.properties, "Roles"));
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    auto emptied = co_await SyncRoles(observed.physical_id, json::array(),
                                      NameList(observed.properties, "Roles"));
    if (!emptied) co_return emptied;
    const aws::CallRequest call =
        IamCall("DeleteInstanceProfile", {{"InstanceProfileName", observed.physical_id}});
    co_return co_await CallIgnoringNotFound(client_, call);
  }

 private:
  Task<void> SyncRoles(std::string profile, json desired, json observed) {
    const auto add = [profile](const std::string& role) {
      return RoleCall("AddRoleToInstanceProfile", profile, role);
    };
    const auto remove = [profile](const std::string& role) {
      return RoleCall("RemoveRoleFromInstanceProfile", profile, role);
    };
    co_return co_await SyncNames(client_, std::move(desired), std::move(observed), add, remove);
  }
};

}  // namespace

void AddInstanceProfile(engine::Registry& registry, const IamContext& context) {
  registry.Add(std::make_unique<InstanceProfileReconciler>(context.client, context.snapshot),
               IamTags(context.client, "InstanceProfile", "InstanceProfileName"));
}

}  // namespace awsr::reconcilers::iam
