#include "reconcilers/ec2/public_key.h"

#include <sstream>

#include "daemon/base/crypto.h"

namespace awsr::reconcilers::ec2 {

std::string PublicKeyBlob(std::string_view openssh_text) { return Base64Encode(openssh_text); }

std::string CanonicalPublicKey(std::string_view openssh_text) {
  std::istringstream words{std::string(openssh_text)};
  std::string type;
  std::string key;
  if (words >> type >> key) return type + " " + key;
  return type;
}

}  // namespace awsr::reconcilers::ec2
