// A key pair's public key as CloudFormation's PublicKeyMaterial gives it (OpenSSH text:
// "ssh-ed25519 AAAA... comment") and as EC2 takes and returns it. Pure.
#pragma once

#include <string>
#include <string_view>

namespace awsr::reconcilers::ec2 {

// ImportKeyPair's PublicKeyMaterial is a blob: the OpenSSH text, base64-encoded on the wire.
std::string PublicKeyBlob(std::string_view openssh_text);

// "<type> <base64 key>" without the comment or surrounding whitespace: AWS keeps neither, so
// two texts naming the same key compare equal. Text that is not "<type> <key> ..." is returned
// trimmed.
std::string CanonicalPublicKey(std::string_view openssh_text);

}  // namespace awsr::reconcilers::ec2
