// AWS::EC2::KeyPair. Imported when the file gives PublicKeyMaterial; otherwise created by AWS,
// whose private half is returned once and kept only in the daemon's state directory
// (PrivateKeyStore). A key pair's Ref is its name, which is also its identity; its tags hang
// on its key-pair-… ID.
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_types.h"
#include "reconcilers/ec2/private_key_store.h"
#include "reconcilers/ec2/public_key.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

constexpr char kPublicKeyMaterial[] = "PublicKeyMaterial";
// Where a created key's private half is, shown in status (a property) and for Fn::GetAtt. The
// name avoids the words the engine redacts ("PrivateKey"): the path is no secret, its file is.
constexpr char kKeyFilePath[] = "KeyFilePath";

std::string KeyPairIdOf(const engine::ObservedResource& observed) {
  return observed.internal.value("key_pair_id", "");
}

aws::CallRequest DescribeKeys(const std::string& region, const std::string& name) {
  json params = {{"IncludePublicKey", true}};
  if (!name.empty()) params["Filter"] = {Filter("key-name", {name})};
  return Ec2Call(region, "DescribeKeyPairs", std::move(params));
}

// ImportKeyPair when the file has the public key, else CreateKeyPair.
aws::CallRequest CreateCall(const engine::DesiredResource& desired) {
  json params = {{"KeyName", desired.name},
                 {"TagSpecification", TagSpecifications("key-pair", desired)}};
  const std::string material = StringField(desired.properties, kPublicKeyMaterial);
  if (!material.empty()) {
    params[kPublicKeyMaterial] = PublicKeyBlob(material);
    return Ec2Call(desired.region, "ImportKeyPair", std::move(params));
  }
  if (const std::string type = StringField(desired.properties, "KeyType"); !type.empty())
    params["KeyType"] = type;
  return Ec2Call(desired.region, "CreateKeyPair", std::move(params));
}

class KeyPairReconciler final : public engine::Reconciler {
 public:
  KeyPairReconciler(aws::AwsClient& client, std::string state_dir)
      : Reconciler({.type = "AWS::EC2::KeyPair",
                    .service = "ec2",
                    .name_property = "KeyName",
                    .max_name_length = 255}),
        client_(client),
        keys_(std::move(state_dir)) {}

  // One unfiltered DescribeKeyPairs per region and cycle (the API has no pages). EC2 ANDs
  // filters, so "ours OR named like a desired key" would take two calls (owner tag, then
  // key-name), and the owner filter alone would hide the look-alikes the engine must report.
  // Accounts hold few key pairs, so reading them all is the cheaper way.
  Task<std::vector<engine::ObservedResource>> ObserveAll(engine::ObserveScope scope) override {
    auto keys = co_await DescribeAll(client_, DescribeKeys(scope.region, ""), "keySet");
    if (!keys) co_return keys.error();
    std::vector<engine::ObservedResource> observed;
    for (const auto& key : *keys) observed.push_back(FromDescribe(key, scope.region));
    co_return kit::OursOrWanted(std::move(observed), scope);
  }

  // The public keys compare without their comments, which AWS does not keep.
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json wanted = desired.properties;
    if (const std::string material = StringField(wanted, kPublicKeyMaterial); !material.empty())
      wanted[kPublicKeyMaterial] = CanonicalPublicKey(material);
    return engine::DiffProperties(wanted, observed.properties);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    auto created = co_await client_.Call(CreateCall(desired));
    if (!created) {
      if (created.error().aws_code != "InvalidKeyPair.Duplicate") co_return created.error();
      const aws::CallRequest find = DescribeKeys(desired.region, desired.name);
      const auto from_item = [this](const json& key, const std::string& region) {
        return FromDescribe(key, region);
      };
      co_return co_await FindOwnDuplicate(client_, find, "keySet", std::move(desired),
                                          created.error(), from_item);
    }
    json key = std::move(created->data);
    if (key.contains("keyMaterial")) {
      auto saved = keys_.Save(desired.name, StringField(key, "keyMaterial"));
      key.erase("keyMaterial");  // from here on, only the file holds it
      if (!saved) {
        // The save failure is the error to report; a left-over key is ours and visible.
        const aws::CallRequest call = Ec2Call(desired.region, "DeleteKeyPair",
                                              {{"KeyPairId", StringField(key, "keyPairId")}});
        (void)co_await kit::CallIgnoringNotFound(client_, call);
        co_return saved.error();
      }
    } else {
      key["publicKey"] = StringField(desired.properties, kPublicKeyMaterial);
    }
    key["keyType"] = key.value("keyType", StringField(desired.properties, "KeyType"));
    engine::ObservedResource observed = FromDescribe(key, desired.region);
    observed.tags = kit::CreationTags(desired);
    observed.properties["Tags"] = kit::UserTags(observed.tags);
    co_return observed;
  }

  // KeyName and KeyType need a replacement, which the engine decides from the specification.
  // A public key cannot change in place either (AWS has no call for it), although the
  // specification calls it mutable: that edit is refused until the file changes.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
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
    const aws::CallRequest call =
        Ec2Call(observed.region, "DeleteKeyPair", {{"KeyPairId", KeyPairIdOf(observed)}});
    auto deleted = co_await kit::CallIgnoringNotFound(client_, call);
    if (!deleted) co_return deleted;
    co_return keys_.Remove(observed.physical_id);
  }

 private:
  engine::ObservedResource FromDescribe(const json& key, const std::string& region) const {
    engine::ObservedResource observed;
    observed.physical_id = StringField(key, "keyName");
    observed.region = region;
    observed.identity_key = observed.physical_id;
    observed.tags = ReadTagSet(key.value("tagSet", json()));
    observed.properties = {{"KeyName", observed.physical_id},
                           {"KeyType", StringField(key, "keyType")},
                           {"Tags", kit::UserTags(observed.tags)}};
    if (const std::string public_key = StringField(key, "publicKey"); !public_key.empty())
      observed.properties[kPublicKeyMaterial] = CanonicalPublicKey(public_key);
    const std::string key_pair_id = StringField(key, "keyPairId");
    observed.attributes = {{"KeyPairId", key_pair_id},
                           {"KeyFingerprint", StringField(key, "keyFingerprint")}};
    if (keys_.Has(observed.physical_id)) {
      const std::string path = keys_.PathFor(observed.physical_id);
      observed.properties[kKeyFilePath] = path;
      observed.attributes[kKeyFilePath] = path;
    }
    observed.internal["key_pair_id"] = key_pair_id;
    return observed;
  }

  aws::AwsClient& client_;
  PrivateKeyStore keys_;
};

}  // namespace

void AddKeyPair(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<KeyPairReconciler>(context.client, context.state_dir),
               ResourceTags(context.client, KeyPairIdOf));
}

}  // namespace awsr::reconcilers::ec2
