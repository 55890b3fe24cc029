// AWS::EC2::KeyPair's calls and how one DescribeKeyPairs item reads in CloudFormation's terms,
// beside the private key store that says where a created key's private half is. Pure but for
// the store's file checks.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/kit/secret_file_store.h"

namespace awsr::reconcilers::ec2 {

inline constexpr char kPublicKeyMaterial[] = "PublicKeyMaterial";
// Where a created key's private half is, shown in status (a property) and for Fn::GetAtt: the
// path is no secret, its file is.
inline constexpr char kKeyFilePath[] = "KeyFilePath";

std::string KeyPairIdOf(const engine::ObservedResource& observed);

// Every key pair of the region (name empty), or the one named.
aws::CallRequest DescribeKeys(const std::string& region, const std::string& name);
// ImportKeyPair when the file has the public key, else CreateKeyPair.
aws::CallRequest CreateKeyCall(const engine::DesiredResource& desired);
aws::CallRequest DeleteKeyCall(const std::string& region, const std::string& key_pair_id);

// One keySet item. internal: "key_pair_id", and "private_key_lost" for a key whose create is
// pending in `keys` with no private key saved (kit::SecretFileStore::MarkPending).
engine::ObservedResource ObservedKeyPair(const nlohmann::json& key, const std::string& region,
                                         const kit::SecretFileStore& keys);

}  // namespace awsr::reconcilers::ec2
