// AWS::IAM::AccessKey. Ref is the access key ID. AWS returns the secret access key once, in
// CreateAccessKey's answer; it goes straight to <state_dir>/access-keys/<id>.secret (0600,
// kit/secret_file_store.h) and nowhere else: not the status, the events, the logs, nor
// Fn::GetAtt SecretAccessKey, which the daemon does not offer (read the file instead).
//
// Access keys take no tags, so ownership is a ledger entry (ownership_ledger.h) keyed by the
// key's ID, naming its user. The bulk IAM read does not list keys, so ObserveAll asks
// ListAccessKeys once per user that holds a key of ours: the reads are bounded by the keys the
// daemon made, never by the account's users. A key nobody recorded cannot be told from one
// made by hand (each user may hold two), so there are no look-alikes.
#include <set>

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/iam/iam_ownership.h"
#include "reconcilers/iam/iam_type.h"
#include "reconcilers/iam/iam_types.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/secret_file_store.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

constexpr char kAccessKeyLedgerKind[] = "AccessKey";

engine::ObservedResource ObservedAccessKey(const json& metadata, const LedgerEntry& entry) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(metadata, "AccessKeyId");
  observed.tags = entry.tags;
  observed.properties = {{"UserName", StringField(metadata, "UserName")},
                         {"Status", StringField(metadata, "Status")}};
  if (entry.details.contains("serial")) observed.properties.Set("Serial", entry.details["serial"]);
  observed.internal = entry.details;
  return observed;
}

json AccessKeyDetails(const std::string& user, const json& serial) {
  json details = {{"user", user}};
  if (!serial.is_null()) details["serial"] = serial;
  return details;
}

class AccessKeyReconciler final : public IamType {
 public:
  AccessKeyReconciler(aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot,
                      std::shared_ptr<OwnershipLedger> ledger, const std::string& state_dir)
      : IamType({.type = "AWS::IAM::AccessKey", .service = "iam"}, client, std::move(snapshot)),
        ledger_(std::move(ledger)),
        has_state_dir_(!state_dir.empty()),
        secrets_(state_dir + "/access-keys", ".secret") {}

  // No look-alikes (see above).
  std::string IdentityKey(const engine::DesiredResource&) const override { return {}; }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    std::set<std::string> users;
    for (const auto& [id, entry] : ledger_->All(kAccessKeyLedgerKind)) {
      const auto owner = entry.tags.find(engine::kOwnerTag);
      if (owner != entry.tags.end() && kit::IsOursOrReleased(owner->second, scope.owner))
        users.insert(StringField(entry.details, "user"));
    }
    std::vector<engine::ObservedResource> keys;
    for (const auto& user : users) {
      auto listed = co_await ListKeys(user);
      if (!listed) co_return listed.error();
      for (const auto& metadata : *listed) {
        const auto entry =
            ledger_->Find(kAccessKeyLedgerKind, StringField(metadata, "AccessKeyId"));
        if (entry) keys.push_back(ObservedAccessKey(metadata, *entry));
      }
    }
    co_return keys;
  }

  // The secret is saved before the ledger entry: a key in the ledger always has its file. If
  // the save fails, the key is deleted again, so no key exists whose secret nobody holds.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (!has_state_dir_)
      co_return MakeError(ErrorKind::kInvalidSpec,
                          "AWS::IAM::AccessKey needs state_dir to keep the secret access key");
    const std::string user = StringField(desired.properties, "UserName");
    ForgetEarlierKeys(desired.logical_id);
    const aws::CallRequest create = IamCall("CreateAccessKey", {{"UserName", user}});
    auto created = co_await client_.Call(create);
    if (!created) co_return created.error();
    json key = created->data.value("AccessKey", json::object());
    const std::string id = StringField(key, "AccessKeyId");
    auto saved = secrets_.Save(id, StringField(key, "SecretAccessKey"));
    key.erase("SecretAccessKey");  // from here on, only the file holds it
    const LedgerEntry entry{desired.ownership_tags,
                            AccessKeyDetails(user, desired.properties.value("Serial", json()))};
    Result<void> recorded =
        saved ? ledger_->Put(kAccessKeyLedgerKind, id, entry) : Result<void>(saved.error());
    if (!recorded) {
      const aws::CallRequest undo = DeleteCall(user, id);
      (void)co_await CallIgnoringNotFound(client_, undo);
      (void)secrets_.Remove(id);
      co_return recorded.error();
    }
    if (StringField(desired.properties, "Status") == "Inactive") {
      const aws::CallRequest deactivate = StatusCall(user, id, "Inactive");
      auto updated = co_await CallForEffect(client_, deactivate);
      if (!updated) co_return updated.error();
      key["Status"] = "Inactive";
    }
    co_return ObservedAccessKey(key, entry);
  }

  // UserName and Serial need a replacement, which the engine decides: only Status changes here.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    const std::string status = StringField(desired.properties, "Status");
    if (status.empty()) co_return Result<void>{};
    const aws::CallRequest call =
        StatusCall(StringField(observed.internal, "user"), observed.physical_id, status);
    co_return co_await CallForEffect(client_, call);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const std::string& id = observed.physical_id;
    const aws::CallRequest call = DeleteCall(StringField(observed.internal, "user"), id);
    auto deleted = co_await CallIgnoringNotFound(client_, call);
    if (!deleted) co_return deleted;
    auto removed = secrets_.Remove(id);
    if (!removed) co_return removed;
    co_return ledger_->Remove(kAccessKeyLedgerKind, id);
  }

 private:
  static aws::CallRequest DeleteCall(const std::string& user, const std::string& id) {
    return IamCall("DeleteAccessKey", {{"UserName", user}, {"AccessKeyId", id}});
  }

  static aws::CallRequest StatusCall(const std::string& user, const std::string& id,
                                     const std::string& status) {
    return IamCall("UpdateAccessKey",
                   {{"UserName", user}, {"AccessKeyId", id}, {"Status", status}});
  }

  // A user already gone holds no keys.
  Task<std::vector<json>> ListKeys(std::string user) {
    const aws::PageTokens detect_tokens;
    const aws::CallRequest call =
        IamCall("ListAccessKeys", {{"UserName", user}, {"MaxItems", 100}});
    auto pages = co_await client_.CallAllPages(call, detect_tokens, 100);
    std::vector<json> keys;
    if (!pages) {
      if (pages.error().kind == ErrorKind::kNotFound) co_return keys;
      co_return pages.error();
    }
    for (const auto& page : *pages) {
      for (const auto& metadata : aws::AsList(page.value("AccessKeyMetadata", json())))
        keys.push_back(metadata);
    }
    co_return keys;
  }

  // The engine creates only what it did not observe, so entries left by an earlier key of the
  // same logical ID name keys that are gone: they would only cost a read each cycle.
  void ForgetEarlierKeys(const std::string& logical_id) {
    for (const auto& [id, entry] : ledger_->All(kAccessKeyLedgerKind)) {
      const auto tag = entry.tags.find(engine::kLogicalIdTag);
      if (tag != entry.tags.end() && tag->second == logical_id) {
        (void)ledger_->Remove(kAccessKeyLedgerKind, id);
        (void)secrets_.Remove(id);
      }
    }
  }

  std::shared_ptr<OwnershipLedger> ledger_;
  bool has_state_dir_;
  kit::SecretFileStore secrets_;  // <state_dir>/access-keys/<id>.secret
};

}  // namespace

void AddAccessKey(engine::Registry& registry, const IamContext& context) {
  registry.Add(
      std::make_unique<AccessKeyReconciler>(context.client, context.snapshot, context.ledger,
                                            context.state_dir),
      LedgerTags(context.ledger, kAccessKeyLedgerKind,
                 [](const engine::ObservedResource& observed) { return observed.internal; }));
}

}  // namespace awsr::reconcilers::iam
