#include "daemon/base/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace awsr {

namespace {

// Fetched once: with EVP_sha256() OpenSSL 3 looks the implementation up again at every digest,
// and a steady cycle takes tens of thousands (item digests, fingerprints, signing).
const EVP_MD* Sha256Method() {
  static EVP_MD* const fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return fetched != nullptr ? fetched : EVP_sha256();
}

}  // namespace

Digest Sha256(std::string_view data) {
  Digest out{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, Sha256Method(), nullptr);
  return out;
}

ShortDigest HalfSha256(std::string_view data) {
  const Digest whole = Sha256(data);
  ShortDigest half{};
  std::memcpy(half.data(), whole.data(), half.size());
  return half;
}

Digest HmacSha256(std::string_view key, std::string_view data) {
  Digest out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
  return out;
}

std::string HexEncode(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

std::string Base64Encode(std::string_view data) {
  // EVP_EncodeBlock writes 4 characters per 3 bytes (rounded up) and a terminating NUL.
  std::string encoded(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                     reinterpret_cast<const unsigned char*>(data.data()),
                                     static_cast<int>(data.size()));
  encoded.resize(static_cast<size_t>(length));
  return encoded;
}

std::optional<std::string> Base64Decode(std::string_view encoded) {
  if (encoded.size() % 4 != 0) return std::nullopt;
  // EVP_DecodeBlock writes 3 bytes per 4 characters, counting padding as zero bytes.
  std::string decoded(encoded.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                     reinterpret_cast<const unsigned char*>(encoded.data()),
                                     static_cast<int>(encoded.size()));
  if (length < 0) return std::nullopt;
  size_t padding = 0;
  while (padding < 2 && padding < encoded.size() && encoded[encoded.size() - 1 - padding] == '=')
    ++padding;
  decoded.resize(static_cast<size_t>(length) - padding);
  return decoded;
}

}  // namespace awsr
