// SHA-256, HMAC-SHA256 and base64 over OpenSSL's EVP interface: SigV4, derived names, file
// hashes and blobs.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace awsr {

using Digest = std::array<unsigned char, 32>;

Digest Sha256(std::string_view data);
Digest HmacSha256(std::string_view key, std::string_view data);
std::string HexEncode(const Digest& digest);
// Standard base64 with padding, as AWS blobs and Lambda's CodeSha256 are written.
std::string Base64Encode(std::string_view data);
// Its inverse; nullopt when `encoded` is not padded standard base64.
std::optional<std::string> Base64Decode(std::string_view encoded);
inline std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }
inline std::string_view AsView(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}
// For hashed containers keyed by digests: a SHA-256 is already uniformly spread.
struct DigestHash {
  std::size_t operator()(const Digest& digest) const {
    std::size_t hash;
    std::memcpy(&hash, digest.data(), sizeof hash);
    return hash;
  }
};

}  // namespace awsr
