#include "reconcilers/iam/managed_policy_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_tags.h"
#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/iam_compare.h"
#include "reconcilers/iam/iam_observed.h"
#include "reconcilers/iam/iam_principal.h"
#include "reconcilers/iam/iam_tags.h"
#include "reconcilers/iam/policy_document.h"
#include "reconcilers/iam/policy_versions.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// The attachment properties and the principal kind each names.
struct AttachmentKind {
  const char* property;  // "Users"
  const char* kind;      // "User": AttachUserPolicy, UserName
};

constexpr AttachmentKind kAttachmentKinds[] = {
    {"Users", "User"}, {"Groups", "Group"}, {"Roles", "Role"}};

json ListOrEmpty(const json& properties, const char* member) {
  const auto found = properties.find(member);
  return found != properties.end() && found->is_array() ? *found : json::array();
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest CreatePolicyCall(const engine::DesiredResource& desired) {
  json params = {{"PolicyName", desired.name},
                 {"PolicyDocument",
                  WireDocument(desired.properties.value("PolicyDocument", json::object()))},
                 {"Tags", CreationTagList(desired)}};
  for (const char* member : {"Path", "Description"}) {
    if (const std::string value = Text(desired.properties, member); !value.empty()) {
      params[member] = value;
    }
  }
  return IamCall("CreatePolicy", std::move(params));
}

aws::CallRequest AttachmentCall(const char* verb, const AttachmentKind& kind,
                                const std::string& name, const std::string& arn) {
  return IamCall(std::string(verb) + kind.kind + "Policy",
                 {{std::string(kind.kind) + "Name", name}, {"PolicyArn", arn}});
}

aws::CallRequest VersionCall(const char* operation, const std::string& arn,
                             const std::string& version) {
  return IamCall(operation, {{"PolicyArn", arn}, {"VersionId", version}});
}

aws::CallRequest NewDefaultVersionCall(const std::string& arn, const json& document) {
  return IamCall("CreatePolicyVersion", {{"PolicyArn", arn},
                                         {"PolicyDocument", WireDocument(document)},
                                         {"SetAsDefault", true}});
}

aws::CallRequest DeletePolicyCall(const std::string& arn) {
  return IamCall("DeletePolicy", {{"PolicyArn", arn}});
}

TagTarget PolicyTarget(const std::string& arn) { return TagTarget{"Policy", "PolicyArn", arn}; }

engine::ObservedResource AfterCreate(const engine::DesiredResource& desired, const json& policy) {
  engine::ObservedResource observed = ObservedAfterCreate(desired, "ManagedPolicyName", policy);
  observed.physical_id = Text(policy, "Arn");
  observed.attributes["PolicyArn"] = observed.physical_id;
  const std::string version = Text(policy, "DefaultVersionId");
  observed.internal = {
      {"versions", json::array({{{"id", version},
                                 {"document", CanonicalText(desired.properties.value(
                                                  "PolicyDocument", json::object()))}}})},
      {"default_version", version}};
  return observed;
}

aws::CallRequest ListTagsCall(const std::string& arn) {
  return IamCall("ListPolicyTags", {{"PolicyArn", arn}, {"MaxItems", 1000}});
}

}  // namespace

awaitable<Result<std::vector<engine::ObservedResource>>> ManagedPolicyReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto details = co_await snapshot_->Read(std::string(Type()));
  if (!details) co_return details.error();
  auto learned = co_await LearnTags(*details);
  if (!learned) co_return learned.error();
  co_return OursOrWanted(Observed(**details), scope);
}

std::vector<engine::ObservedResource> ManagedPolicyReconciler::Observed(
    const AccountDetails& details) const {
  std::vector<engine::ObservedResource> policies;
  for (const auto& detail : details.policies) {
    engine::ObservedResource policy = ObservedManagedPolicy(detail, details);
    const auto tags = tags_by_policy_id_.find(Text(detail, "PolicyId"));
    if (tags != tags_by_policy_id_.end()) policy.tags = tags->second;
    policies.push_back(std::move(policy));
  }
  return policies;
}

awaitable<Result<void>> ManagedPolicyReconciler::LearnTags(
    std::shared_ptr<const AccountDetails> details) {
  for (const auto& detail : details->policies) {
    const std::string id = Text(detail, "PolicyId");
    if (tags_by_policy_id_.contains(id)) continue;
    const aws::PageTokens detect_tokens;
    auto pages = co_await client_.CallAllPages(ListTagsCall(Text(detail, "Arn")), detect_tokens,
                                               100);
    if (!pages) {
      if (pages.error().kind == ErrorKind::kNotFound) continue;  // deleted since the read
      co_return pages.error();
    }
    std::map<std::string, std::string> tags;
    for (const auto& page : *pages) tags.merge(engine::TagMap(aws::AsList(page.value("Tags", json()))));
    tags_by_policy_id_[id] = std::move(tags);
  }
  co_return Result<void>{};
}

engine::Diff ManagedPolicyReconciler::Compare(const engine::DesiredResource& desired,
                                              const engine::ObservedResource& observed) const {
  return CompareIam(desired, observed);
}

awaitable<Result<engine::ObservedResource>> ManagedPolicyReconciler::Create(
    engine::DesiredResource desired) {
  snapshot_->Invalidate();
  auto created = co_await client_.Call(CreatePolicyCall(desired));
  if (!created) {
    if (created.error().aws_code != "EntityAlreadyExists") co_return created.error();
    co_return co_await FindOwn(std::move(desired), created.error());
  }
  const json created_policy = created->data.value("Policy", json::object());
  tags_by_policy_id_[Text(created_policy, "PolicyId")] = ec2::CreationTags(desired);
  engine::ObservedResource policy = AfterCreate(desired, created_policy);
  auto attached = co_await SyncAttachments(policy.physical_id, desired.properties, json::object());
  if (!attached) co_return attached.error();
  co_return policy;
}

// ManagedPolicyName, Path and Description need a replacement, which the engine decides.
awaitable<Result<void>> ManagedPolicyReconciler::Update(engine::DesiredResource desired,
                                                        engine::ObservedResource observed,
                                                        engine::Diff diff) {
  snapshot_->Invalidate();
  if (diff.Touches("/PolicyDocument")) {
    auto set = co_await SetDocument(observed, desired.properties["PolicyDocument"]);
    if (!set) co_return set;
  }
  co_return co_await SyncAttachments(observed.physical_id, desired.properties,
                                     observed.properties);
}

// IAM deletes a policy only once it is attached to nothing and has no version but the
// default.
awaitable<Result<void>> ManagedPolicyReconciler::Delete(engine::ObservedResource observed) {
  snapshot_->Invalidate();
  json nothing = json::object();
  for (const AttachmentKind& kind : kAttachmentKinds) nothing[kind.property] = json::array();
  auto detached = co_await SyncAttachments(observed.physical_id, nothing, observed.properties);
  if (!detached) co_return detached;
  const std::string default_version = observed.internal.value("default_version", "");
  for (const auto& version : observed.internal.value("versions", json::array())) {
    const std::string id = version.value("id", "");
    if (id == default_version) continue;
    auto deleted = co_await CallIgnoringNotFound(
        client_, VersionCall("DeletePolicyVersion", observed.physical_id, id));
    if (!deleted) co_return deleted;
  }
  co_return co_await CallIgnoringNotFound(client_, DeletePolicyCall(observed.physical_id));
}

awaitable<Result<void>> ManagedPolicyReconciler::RetagOwnership(
    engine::ObservedResource observed, std::map<std::string, std::string> add,
    std::vector<std::string> remove) {
  snapshot_->Invalidate();
  tags_by_policy_id_.erase(observed.internal.value("id", ""));  // read again next cycle
  co_return co_await Retag(client_, PolicyTarget(observed.physical_id), std::move(add),
                           std::move(remove));
}

awaitable<Result<void>> ManagedPolicyReconciler::SetDocument(engine::ObservedResource observed,
                                                             json document) {
  const VersionChange change =
      PlanVersionChange(observed.internal.value("versions", json::array()),
                        observed.internal.value("default_version", ""), document);
  const std::string& arn = observed.physical_id;
  if (!change.reuse.empty()) {
    co_return co_await CallForEffect(
        client_, VersionCall("SetDefaultPolicyVersion", arn, change.reuse));
  }
  if (!change.prune.empty()) {
    auto pruned = co_await CallIgnoringNotFound(
        client_, VersionCall("DeletePolicyVersion", arn, change.prune));
    if (!pruned) co_return pruned;
  }
  co_return co_await CallForEffect(client_, NewDefaultVersionCall(arn, document));
}

awaitable<Result<void>> ManagedPolicyReconciler::SyncAttachments(std::string arn, json desired,
                                                                 json observed) {
  for (const AttachmentKind& kind : kAttachmentKinds) {
    if (!desired.contains(kind.property)) continue;
    const json wanted = ListOrEmpty(desired, kind.property);
    const json current = ListOrEmpty(observed, kind.property);
    for (const auto& name : Missing(wanted, current)) {
      auto attached = co_await CallForEffect(client_, AttachmentCall("Attach", kind, name, arn));
      if (!attached) co_return attached;
    }
    for (const auto& name : Missing(current, wanted)) {
      auto detached =
          co_await CallIgnoringNotFound(client_, AttachmentCall("Detach", kind, name, arn));
      if (!detached) co_return detached;
    }
  }
  co_return Result<void>{};
}

awaitable<Result<engine::ObservedResource>> ManagedPolicyReconciler::FindOwn(
    engine::DesiredResource desired, Error duplicate) {
  snapshot_->Invalidate();
  auto details = co_await snapshot_->Read(std::string(Type()) + " create");
  if (!details) co_return details.error();
  auto learned = co_await LearnTags(*details);
  if (!learned) co_return learned.error();
  for (auto& policy : Observed(**details)) {
    if (policy.identity_key == desired.name && ec2::IsOwnedBy(policy.tags, desired)) {
      co_return policy;
    }
  }
  co_return duplicate;
}

}  // namespace awsr::reconcilers::iam
