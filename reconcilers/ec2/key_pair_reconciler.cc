// AWS::EC2::KeyPair. Imported when the file gives PublicKeyMaterial; otherwise created by AWS,
// whose private half is returned once and kept only in the daemon's state directory
// (kit::SecretFileStore). A key pair's Ref is its name, which is also its identity; its tags hang
// on its key-pair-… ID.
#include "daemon/base/json_fields.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_types.h"
#include "reconcilers/ec2/key_pair_description.h"
#include "reconcilers/ec2/public_key.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

class KeyPairReconciler final : public engine::Reconciler {
 public:
  KeyPairReconciler(aws::AwsClient& client, std::string state_dir)
      : Reconciler({.type = "AWS::EC2::KeyPair",
                    .service = "ec2",
                    .name_property = "KeyName",
                    .max_name_length = 255}),
        client_(client),
        keys_(std::move(state_dir) + "/keys", ".pem") {}

  // One unfiltered DescribeKeyPairs per region and cycle (no pages). EC2 ANDs filters, so
  // "ours OR named like a desired key" would take two calls, and the owner filter alone would
  // hide the look-alikes the engine must report; accounts hold few key pairs.
  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto keys = co_await DescribeAll(client_, DescribeKeys(scope.region, ""), "keySet");
    if (!keys) co_return keys.error();
    std::vector<engine::ObservedResource> observed;
    for (const auto& key : *keys) observed.push_back(FromDescribe(key, scope.region));
    co_return kit::OursOrWanted(std::move(observed), scope);
  }

  // The public keys compare without their comments, which AWS does not keep. A created key
  // whose private half was never saved shows as a missing key file: Update replaces it.
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json wanted = desired.properties;
    const std::string material = StringField(wanted, kPublicKeyMaterial);
    if (!material.empty()) wanted[kPublicKeyMaterial] = CanonicalPublicKey(material);
    engine::Diff diff = engine::DiffProperties(wanted, observed.properties);
    if (material.empty() && MemberOr(observed.internal, "private_key_lost", false))
      diff.changes.push_back(
          {std::string("/") + kKeyFilePath, keys_.PathFor(desired.name), json(), false});
    return diff;
  }

  // A created key's pending mark goes first (kit::SecretFileStore::MarkPending). A duplicate is
  // ours when tagged so; if its private half never reached the store, nobody holds it, and a
  // new key replaces it rather than a key pair Ready that no one can use.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    const bool generated = StringField(desired.properties, kPublicKeyMaterial).empty();
    if (generated) {
      auto marked = keys_.MarkPending(desired.name);
      if (!marked) co_return marked.error();
    }
    auto created = co_await client_.Call(CreateKeyCall(desired));
    if (created) co_return co_await Keep(std::move(desired), std::move(created->data));
    if (created.error().aws_code != "InvalidKeyPair.Duplicate") co_return created.error();
    const aws::CallRequest find = DescribeKeys(desired.region, desired.name);
    const auto from_item = [this](const json& key, const std::string& region) {
      return FromDescribe(key, region);
    };
    auto existing =
        co_await FindOwnDuplicate(client_, find, "keySet", desired, created.error(), from_item);
    if (!existing || !generated || keys_.Has(desired.name)) co_return existing;
    co_return co_await Replace(std::move(desired), std::move(*existing));
  }

  // KeyName and KeyType need a replacement, which the engine decides from the specification.
  // A public key cannot change in place either (AWS has no call for it), although the
  // specification calls it mutable: that edit is refused until the file changes.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (diff.Touches(std::string("/") + kKeyFilePath)) {
      auto replaced = co_await Replace(std::move(desired), std::move(observed));
      if (!replaced) co_return replaced.error();
      co_return Result<void>{};
    }
    if (!diff.Touches(std::string("/") + kPublicKeyMaterial))
      co_return co_await Reconciler::Update(std::move(desired), std::move(observed),
                                            std::move(diff));
    Error error = MakeError(ErrorKind::kInvalidSpec,
                            "a key pair's public key cannot change in place: import the new key "
                            "under another KeyName");
    error.context = "ec2:KeyPair " + observed.physical_id;
    co_return error;
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call = DeleteKeyCall(observed.region, KeyPairIdOf(observed));
    auto deleted = co_await kit::CallIgnoringNotFound(client_, call);
    if (!deleted) co_return deleted;
    co_return keys_.Remove(observed.physical_id);
  }

 private:
  // After a create: the private key to its file, never further.
  Task<engine::ObservedResource> Keep(engine::DesiredResource desired, json key) {
    if (key.contains("keyMaterial")) {
      auto saved = keys_.Save(desired.name, StringField(key, "keyMaterial"));
      key.erase("keyMaterial");  // from here on, only the file holds it
      if (!saved) {
        // The save failure is the error to report; a left-over key is ours and visible.
        const aws::CallRequest call = DeleteKeyCall(desired.region, StringField(key, "keyPairId"));
        (void)co_await kit::CallIgnoringNotFound(client_, call);
        co_return saved.error();
      }
    } else {
      key["publicKey"] = StringField(desired.properties, kPublicKeyMaterial);
    }
    key["keyType"] = key.value("keyType", StringField(desired.properties, "KeyType"));
    engine::ObservedResource observed = FromDescribe(key, desired.region);
    observed.tags = kit::CreationTags(desired);
    observed.properties.Set("Tags", kit::UserTags(observed.tags));
    co_return observed;
  }

  // Our key whose private half is lost: deleted, and made again.
  Task<engine::ObservedResource> Replace(engine::DesiredResource desired,
                                         engine::ObservedResource lost) {
    const aws::CallRequest remove = DeleteKeyCall(lost.region, KeyPairIdOf(lost));
    auto removed = co_await kit::CallIgnoringNotFound(client_, remove);
    if (!removed) co_return removed.error();
    auto marked = keys_.MarkPending(desired.name);
    if (!marked) co_return marked.error();
    auto created = co_await client_.Call(CreateKeyCall(desired));
    if (!created) co_return created.error();
    co_return co_await Keep(std::move(desired), std::move(created->data));
  }

  engine::ObservedResource FromDescribe(const json& key, const std::string& region) const {
    return ObservedKeyPair(key, region, keys_);
  }

  aws::AwsClient& client_;
  kit::SecretFileStore keys_;  // <state_dir>/keys/<name>.pem
};

}  // namespace

void AddKeyPair(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<KeyPairReconciler>(context.client, context.state_dir),
               ResourceTags(context.client, KeyPairIdOf));
}

}  // namespace awsr::reconcilers::ec2
