#include "reconcilers/ec2/key_pair_description.h"

#include "daemon/base/json_fields.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/public_key.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

std::string KeyPairIdOf(const engine::ObservedResource& observed) {
  return StringField(observed.internal, "key_pair_id");
}

aws::CallRequest DescribeKeys(const std::string& region, const std::string& name) {
  json params = {{"IncludePublicKey", true}};
  if (!name.empty()) params["Filter"] = {Filter("key-name", {name})};
  return Ec2Call(region, "DescribeKeyPairs", std::move(params));
}

aws::CallRequest CreateKeyCall(const engine::DesiredResource& desired) {
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

aws::CallRequest DeleteKeyCall(const std::string& region, const std::string& key_pair_id) {
  return Ec2Call(region, "DeleteKeyPair", {{"KeyPairId", key_pair_id}});
}

engine::ObservedResource ObservedKeyPair(const json& key, const std::string& region,
                                         const kit::SecretFileStore& keys) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(key, "keyName");
  observed.region = region;
  observed.identity_key = observed.physical_id;
  observed.tags = ReadTagSet(key.value("tagSet", json()));
  observed.properties = {{"KeyName", observed.physical_id},
                         {"KeyType", StringField(key, "keyType")},
                         {"Tags", kit::UserTags(observed.tags)}};
  if (const std::string public_key = StringField(key, "publicKey"); !public_key.empty())
    observed.properties.Set(kPublicKeyMaterial, CanonicalPublicKey(public_key));
  const std::string key_pair_id = StringField(key, "keyPairId");
  observed.attributes = {{"KeyPairId", key_pair_id},
                         {"KeyFingerprint", StringField(key, "keyFingerprint")}};
  const bool saved = keys.Has(observed.physical_id);
  if (saved) {
    const std::string path = keys.PathFor(observed.physical_id);
    observed.properties.Set(kKeyFilePath, path);
    observed.attributes[kKeyFilePath] = path;
  }
  observed.internal["key_pair_id"] = key_pair_id;
  observed.internal["private_key_lost"] = !saved && keys.IsPending(observed.physical_id);
  return observed;
}

}  // namespace awsr::reconcilers::ec2
