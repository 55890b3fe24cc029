#include "reconcilers/ec2/public_key.h"

#include <openssl/evp.h>

#include <sstream>
#include <vector>

namespace awsr::reconcilers::ec2 {

std::string PublicKeyBlob(std::string_view openssh_text) {
  // EVP_EncodeBlock writes 4 characters per 3 bytes (rounded up) and a terminating NUL.
  std::vector<unsigned char> encoded(4 * ((openssh_text.size() + 2) / 3) + 1);
  const int length =
      EVP_EncodeBlock(encoded.data(), reinterpret_cast<const unsigned char*>(openssh_text.data()),
                      static_cast<int>(openssh_text.size()));
  return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<size_t>(length));
}

std::string CanonicalPublicKey(std::string_view openssh_text) {
  std::istringstream words{std::string(openssh_text)};
  std::string type;
  std::string key;
  if (words >> type >> key) return type + " " + key;
  return type;
}

}  // namespace awsr::reconcilers::ec2
