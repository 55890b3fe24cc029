// AWS::IAM::ManagedPolicy: a customer managed policy. Named (ManagedPolicyName); Ref is its
// ARN. Found in the shared bulk read (iam_snapshot.h), owned by the tags CreatePolicy applies.
// A new document becomes a new default version (policy_versions.h); Users, Groups and Roles
// are attachments made from the policy's side.
//
// GetAccountAuthorizationDetails does not carry a policy's tags, and ownership is in them.
// Tags are read with ListPolicyTags once per policy id and remembered: ownership tags only
// change through this daemon (create, adoption, release), which keeps the memory current, and
// a policy id is never reused. After a restart the first cycle reads the tags of each customer
// managed policy once; steady state reads none.
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_ownership.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_type.h"
#include "reconcilers/iam/iam_types.h"
#include "reconcilers/iam/name_lists.h"
#include "reconcilers/iam/policy_document.h"
#include "reconcilers/iam/policy_versions.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;
using TagsByPolicyId = std::map<std::string, engine::TagMap>;

// Attachments are made from the policy's side: the property and the principal kind it names
// ("User": AttachUserPolicy with UserName).
constexpr std::pair<const char*, const char*> kAttachments[] = {
    {"Users", "User"}, {"Groups", "Group"}, {"Roles", "Role"}};

aws::CallRequest VersionCall(const char* operation, const std::string& arn,
                             const std::string& version) {
  return IamCall(operation, {{"PolicyArn", arn}, {"VersionId", version}});
}

// verb: "Attach" or "Detach"; kind: "User", "Group" or "Role".
aws::CallRequest AttachmentCall(const std::string& verb, const std::string& kind,
                                const std::string& name, const std::string& arn) {
  return IamCall(verb + kind + "Policy", {{kind + "Name", name}, {"PolicyArn", arn}});
}

class ManagedPolicyReconciler final : public IamType {
 public:
  ManagedPolicyReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot,
                          std::shared_ptr<TagsByPolicyId> tags)
      : IamType({.type = "AWS::IAM::ManagedPolicy",
                 .service = "iam",
                 .name_property = "ManagedPolicyName"},
                client, std::move(snapshot)),
        tags_(std::move(tags)) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto policies = co_await ReadAll(std::string(Type()));
    if (!policies) co_return policies;
    co_return kit::OursOrWanted(std::move(*policies), scope);
  }

  // A create whose answer was lost is found again in a fresh bulk read, with our tags.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = {{"PolicyName", desired.name},
                   {"PolicyDocument",
                    WireDocument(desired.properties.value("PolicyDocument", json::object()))},
                   {"Tags", kit::CreationTagList(desired)}};
    for (const char* member : {"Path", "Description"}) {
      if (const std::string value = StringField(desired.properties, member); !value.empty())
        params[member] = value;
    }
    auto created = co_await client_.Call(IamCall("CreatePolicy", std::move(params)));
    if (!created) {
      if (created.error().aws_code != "EntityAlreadyExists") co_return created.error();
      snapshot_->Invalidate();
      auto policies = co_await ReadAll(std::string(Type()) + " create");
      if (!policies) co_return policies.error();
      for (auto& policy : *policies) {
        if (policy.identity_key == desired.name && kit::IsOwnedBy(policy.tags, desired))
          co_return policy;
      }
      co_return created.error();
    }
    const json policy = created->data.value("Policy", json::object());
    (*tags_)[StringField(policy, "PolicyId")] = kit::CreationTags(desired);
    engine::ObservedResource observed = ObservedAfterCreate(desired, "ManagedPolicyName", policy);
    observed.physical_id = StringField(policy, "Arn");
    observed.attributes["PolicyArn"] = observed.physical_id;
    const std::string version = StringField(policy, "DefaultVersionId");
    const std::string document =
        CanonicalText(desired.properties.value("PolicyDocument", json::object()));
    observed.internal = {{"versions", json::array({{{"id", version}, {"document", document}}})},
                         {"default_version", version}};
    auto attached =
        co_await SyncAttachments(observed.physical_id, desired.properties, json::object());
    if (!attached) co_return attached.error();
    co_return observed;
  }

  // ManagedPolicyName, Path and Description need a replacement, which the engine decides.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (diff.Touches("/PolicyDocument")) {
      auto set = co_await SetDocument(observed, desired.properties["PolicyDocument"]);
      if (!set) co_return set;
    }
    co_return co_await SyncAttachments(observed.physical_id, desired.properties,
                                       observed.properties);
  }

  // IAM deletes a policy only once it is attached to nothing and has no version but the
  // default.
  Task<void> Delete(engine::ObservedResource observed) override {
    json nothing = json::object();
    for (const auto& [property, kind] : kAttachments) nothing[property] = json::array();
    auto detached = co_await SyncAttachments(observed.physical_id, nothing, observed.properties);
    if (!detached) co_return detached;
    const std::string default_version = StringField(observed.internal, "default_version");
    for (const auto& version : MemberOr(observed.internal, "versions", json::array())) {
      const std::string id = StringField(version, "id");
      if (id == default_version) continue;
      auto deleted = co_await CallIgnoringNotFound(
          client_, VersionCall("DeletePolicyVersion", observed.physical_id, id));
      if (!deleted) co_return deleted;
    }
    const aws::CallRequest call = IamCall("DeletePolicy", {{"PolicyArn", observed.physical_id}});
    co_return co_await CallIgnoringNotFound(client_, call);
  }

 private:
  // Every customer managed policy of the bulk read, with its tags from memory or, the first
  // time a policy id is seen, from ListPolicyTags.
  Task<std::vector<engine::ObservedResource>> ReadAll(std::string reader) {
    auto read = co_await snapshot_->Read(std::move(reader));
    if (!read) co_return read.error();
    const std::shared_ptr<const std::vector<engine::ObservedResource>> made = PoliciesOf(**read);
    std::vector<engine::ObservedResource> policies;
    for (const engine::ObservedResource& policy : *made) {
      const std::string id = StringField(policy.internal, "id");
      if (!tags_->contains(id)) {
        const aws::PageTokens detect_tokens;
        const aws::CallRequest call =
            IamCall("ListPolicyTags", {{"PolicyArn", policy.physical_id}, {"MaxItems", 1000}});
        auto pages = co_await client_.CallAllPages(call, detect_tokens, 100);
        if (!pages && pages.error().kind == ErrorKind::kNotFound) continue;  // deleted since
        if (!pages) co_return pages.error();
        engine::TagMap& tags = (*tags_)[id];
        for (const auto& page : *pages)
          tags.merge(engine::TagsFromList(aws::AsList(page.value("Tags", json()))));
      }
      policies.push_back(policy);
      policies.back().tags = tags_->at(id);
    }
    co_return policies;
  }

  // The policies of the read, with the tags the read shows: made again only when its number
  // moves (the attachments come from every principal of the read).
  std::shared_ptr<const std::vector<engine::ObservedResource>> PoliciesOf(const AccountRead& read) {
    return policies_.Of(read, [](const AccountRead& read) {
      const PolicyAttachments attachments = PolicyAttachments::Of(read);
      auto policies = std::make_shared<std::vector<engine::ObservedResource>>();
      read.ForEach(AccountList::kPolicies, [&](const json& detail) {
        policies->push_back(ObservedManagedPolicy(detail, attachments));
      });
      return std::shared_ptr<const std::vector<engine::ObservedResource>>(std::move(policies));
    });
  }

  Task<void> SetDocument(engine::ObservedResource observed, json document) {
    const VersionChange change =
        PlanVersionChange(MemberOr(observed.internal, "versions", json::array()),
                          StringField(observed.internal, "default_version"), document);
    const std::string& arn = observed.physical_id;
    if (!change.reuse.empty()) {
      co_return co_await CallForEffect(client_,
                                       VersionCall("SetDefaultPolicyVersion", arn, change.reuse));
    }
    if (!change.prune.empty()) {
      auto pruned = co_await CallIgnoringNotFound(
          client_, VersionCall("DeletePolicyVersion", arn, change.prune));
      if (!pruned) co_return pruned;
    }
    const aws::CallRequest call = IamCall(
        "CreatePolicyVersion",
        {{"PolicyArn", arn}, {"PolicyDocument", WireDocument(document)}, {"SetAsDefault", true}});
    co_return co_await CallForEffect(client_, call);
  }

  // Attaches the policy to the Users, Groups and Roles `desired` sets and it lacks, detaches it
  // from the others of those kinds.
  Task<void> SyncAttachments(std::string arn, json desired, json observed) {
    for (const auto& [property, kind] : kAttachments) {
      if (!desired.contains(property)) continue;
      const std::string principal = kind;
      const auto attach = [arn, principal](const std::string& name) {
        return AttachmentCall("Attach", principal, name, arn);
      };
      const auto detach = [arn, principal](const std::string& name) {
        return AttachmentCall("Detach", principal, name, arn);
      };
      auto synced = co_await SyncNames(client_, NameList(desired, property),
                                       NameList(observed, property), attach, detach);
      if (!synced) co_return synced;
    }
    co_return Result<void>{};
  }

  std::shared_ptr<TagsByPolicyId> tags_;  // shared with the policy's ownership
  ReadMemo<std::shared_ptr<const std::vector<engine::ObservedResource>>> policies_;
};

}  // namespace

void AddManagedPolicy(engine::Registry& registry, const IamContext& context) {
  auto tags = std::make_shared<TagsByPolicyId>();
  // Tags changed by an adoption or a release are read again next cycle.
  auto forget = [tags](const engine::ObservedResource& policy) {
    tags->erase(StringField(policy.internal, "id"));
  };
  registry.Add(std::make_unique<ManagedPolicyReconciler>(context.client, context.snapshot, tags),
               IamTags(context.client, "Policy", "PolicyArn", forget));
}

}  // namespace awsr::reconcilers::iam
