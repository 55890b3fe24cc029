#include "reconcilers/ec2/key_pair_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <set>

#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_tags.h"
#include "reconcilers/ec2/public_key.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr char kPublicKeyMaterial[] = "PublicKeyMaterial";
// Where a created key's private half is, shown in status (a property) and for Fn::GetAtt. The
// name avoids the words the engine redacts ("PrivateKey"): the path is no secret, its file is.
constexpr char kKeyFilePath[] = "KeyFilePath";

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest DescribeEveryKey(const std::string& region) {
  return Ec2Call(region, "DescribeKeyPairs", {{"IncludePublicKey", true}});
}

aws::CallRequest DescribeKeyNamed(const std::string& region, const std::string& name) {
  return Ec2Call(region, "DescribeKeyPairs",
                 {{"IncludePublicKey", true}, {"Filter", {Filter("key-name", {name})}}});
}

aws::CallRequest ImportKeyCall(const engine::DesiredResource& desired) {
  return Ec2Call(desired.region, "ImportKeyPair",
                 {{"KeyName", desired.name},
                  {kPublicKeyMaterial,
                   PublicKeyBlob(StringField(desired.properties, kPublicKeyMaterial))},
                  {"TagSpecification", TagSpecifications("key-pair", desired)}});
}

aws::CallRequest CreateKeyCall(const engine::DesiredResource& desired) {
  json params = {{"KeyName", desired.name},
                 {"TagSpecification", TagSpecifications("key-pair", desired)}};
  if (const std::string type = StringField(desired.properties, "KeyType"); !type.empty()) {
    params["KeyType"] = type;
  }
  return Ec2Call(desired.region, "CreateKeyPair", std::move(params));
}

aws::CallRequest DeleteKeyCall(const std::string& region, const std::string& key_pair_id) {
  return Ec2Call(region, "DeleteKeyPair", {{"KeyPairId", key_pair_id}});
}

std::string KeyPairIdOf(const engine::ObservedResource& observed) {
  return observed.internal.value("key_pair_id", "");
}

}  // namespace

engine::ObservedResource KeyPairReconciler::FromDescribe(const json& key,
                                                         const std::string& region) const {
  engine::ObservedResource observed;
  observed.physical_id = StringField(key, "keyName");
  observed.identity_key = observed.physical_id;
  observed.tags = ReadTagSet(key.value("tagSet", json()));
  observed.properties = {{"KeyName", observed.physical_id},
                         {"KeyType", StringField(key, "keyType")},
                         {"Tags", UserTags(observed.tags)}};
  if (const std::string public_key = StringField(key, "publicKey"); !public_key.empty()) {
    observed.properties[kPublicKeyMaterial] = CanonicalPublicKey(public_key);
  }
  const std::string key_pair_id = StringField(key, "keyPairId");
  observed.attributes = {{"KeyPairId", key_pair_id},
                         {"KeyFingerprint", StringField(key, "keyFingerprint")}};
  if (keys_.Has(observed.physical_id)) {
    const std::string path = keys_.PathFor(observed.physical_id);
    observed.properties[kKeyFilePath] = path;
    observed.attributes[kKeyFilePath] = path;
  }
  observed.internal["key_pair_id"] = key_pair_id;
  RememberRegion(observed, region);
  return observed;
}

// One unfiltered DescribeKeyPairs per region and cycle (the API has no pages). EC2 ANDs
// filters, so "ours OR named like a desired key" would take two calls (owner tag, then
// key-name), and the owner filter alone would hide the look-alikes the engine must report.
// Accounts hold few key pairs, so reading them all is the cheaper way.
awaitable<Result<std::vector<engine::ObservedResource>>> KeyPairReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto keys = co_await DescribeAll(client_, DescribeEveryKey(scope.region), "keySet");
  if (!keys) co_return keys.error();
  const std::set<std::string> wanted(scope.identity_keys.begin(), scope.identity_keys.end());
  std::vector<engine::ObservedResource> observed;
  for (const auto& key : *keys) {
    engine::ObservedResource resource = FromDescribe(key, scope.region);
    if (resource.Tag(engine::kOwnerTag) == scope.owner || wanted.contains(resource.identity_key)) {
      observed.push_back(std::move(resource));
    }
  }
  co_return observed;
}

// The public keys compare without their comments, which AWS does not keep.
engine::Diff KeyPairReconciler::Compare(const engine::DesiredResource& desired,
                                        const engine::ObservedResource& observed) const {
  json wanted = desired.properties;
  if (const std::string material = StringField(wanted, kPublicKeyMaterial); !material.empty()) {
    wanted[kPublicKeyMaterial] = CanonicalPublicKey(material);
  }
  return engine::DiffProperties(wanted, observed.properties);
}

awaitable<Result<engine::ObservedResource>> KeyPairReconciler::Create(
    engine::DesiredResource desired) {
  if (StringField(desired.properties, kPublicKeyMaterial).empty()) {
    co_return co_await CreateWithPrivateKey(std::move(desired));
  }
  auto imported = co_await client_.Call(ImportKeyCall(desired));
  if (!imported) {
    if (imported.error().aws_code != "InvalidKeyPair.Duplicate") co_return imported.error();
    co_return co_await FindOwnDuplicate(std::move(desired), imported.error());
  }
  json key = imported->data;
  key["publicKey"] = StringField(desired.properties, kPublicKeyMaterial);
  key["keyType"] = key.value("keyType", StringField(desired.properties, "KeyType"));
  engine::ObservedResource observed = FromDescribe(key, desired.region);
  observed.tags = CreationTags(desired);
  observed.properties["Tags"] = UserTags(observed.tags);
  co_return observed;
}

awaitable<Result<engine::ObservedResource>> KeyPairReconciler::CreateWithPrivateKey(
    engine::DesiredResource desired) {
  auto created = co_await client_.Call(CreateKeyCall(desired));
  if (!created) {
    if (created.error().aws_code != "InvalidKeyPair.Duplicate") co_return created.error();
    co_return co_await FindOwnDuplicate(std::move(desired), created.error());
  }
  json key = std::move(created->data);
  auto saved = keys_.Save(desired.name, StringField(key, "keyMaterial"));
  key.erase("keyMaterial");  // from here on, only the file holds it
  if (!saved) {
    auto deleted =
        co_await DeleteIgnoringNotFound(client_, DeleteKeyCall(desired.region, StringField(key, "keyPairId")));
    (void)deleted;  // the save failure is the error to report; a left-over key is ours and visible
    co_return saved.error();
  }
  key["keyType"] = key.value("keyType", StringField(desired.properties, "KeyType"));
  engine::ObservedResource observed = FromDescribe(key, desired.region);
  observed.tags = CreationTags(desired);
  observed.properties["Tags"] = UserTags(observed.tags);
  co_return observed;
}

// KeyName and KeyType need a replacement, which the engine decides from the specification. A
// public key cannot change in place either (AWS has no call for it), although the
// specification calls it mutable: that edit is refused until the file changes.
awaitable<Result<void>> KeyPairReconciler::Update(engine::DesiredResource desired,
                                                  engine::ObservedResource observed,
                                                  engine::Diff diff) {
  if (diff.Touches(std::string("/") + kPublicKeyMaterial)) {
    Error error = MakeError(ErrorKind::kInvalidSpec,
                            "a key pair's public key cannot change in place: import the new key "
                            "under another KeyName");
    error.context = "ec2:KeyPair " + observed.physical_id;
    co_return error;
  }
  if (!diff.Touches("/Tags")) co_return Result<void>{};
  co_return co_await ApplyTagChanges(
      client_, desired.region, KeyPairIdOf(observed),
      UserTagChanges(desired.properties.value("Tags", json::array()), observed.tags));
}

awaitable<Result<void>> KeyPairReconciler::Delete(engine::ObservedResource observed) {
  auto deleted = co_await DeleteIgnoringNotFound(
      client_, DeleteKeyCall(RegionOf(observed), KeyPairIdOf(observed)));
  if (!deleted) co_return deleted;
  co_return keys_.Remove(observed.physical_id);
}

// Tags hang on the key pair's id, not on its name (the Ref).
awaitable<Result<void>> KeyPairReconciler::RetagOwnership(engine::ObservedResource observed,
                                                          std::map<std::string, std::string> add,
                                                          std::vector<std::string> remove) {
  observed.physical_id = KeyPairIdOf(observed);
  co_return co_await Retag(client_, std::move(observed), std::move(add), std::move(remove));
}

awaitable<Result<engine::ObservedResource>> KeyPairReconciler::FindOwnDuplicate(
    engine::DesiredResource desired, Error duplicate) {
  auto keys =
      co_await DescribeAll(client_, DescribeKeyNamed(desired.region, desired.name), "keySet");
  if (!keys) co_return keys.error();
  for (const auto& key : *keys) {
    engine::ObservedResource existing = FromDescribe(key, desired.region);
    if (IsOwnedBy(existing.tags, desired)) co_return existing;
  }
  co_return duplicate;
}

}  // namespace awsr::reconcilers::ec2
