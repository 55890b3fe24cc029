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

// 128 bits that tell changed bytes from unchanged ones where something is held for each of
// 10,000 resources (fingerprints, item digests): half a SHA-256's bytes, and still 2^64 things
// before two collide by chance.
using ShortDigest = std::array<unsigned char, 16>;
// The first half of Sha256(data): as hard to forge as its length allows.
ShortDigest HalfSha256(std::string_view data);

template <std::size_t N>
std::string_view AsView(const std::array<unsigned char, N>& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}
// For hashed containers keyed by digests: a digest is already uniformly spread.
struct DigestHash {
  template <std::size_t N>
  std::size_t operator()(const std::array<unsigned char, N>& digest) const {
    static_assert(N >= sizeof(std::size_t));
    std::size_t hash;
    std::memcpy(&hash, digest.data(), sizeof hash);
    return hash;
  }
};

}  // namespace awsr
