#include "daemon/engine/identity.h"

#include "daemon/base/crypto.h"
#include "daemon/engine/reconciler.h"

namespace awsr::engine {

std::string DerivedName(std::string_view owner, std::string_view logical_id,
                        std::size_t max_length) {
  std::string name = std::string(owner) + "-" + std::string(logical_id);
  if (name.size() <= max_length) return name;
  const std::string suffix = "-" + Sha256Hex(name).substr(0, 8);
  return name.substr(0, max_length - suffix.size()) + suffix;
}

std::string LowercaseName(std::string_view name) {
  std::string lower;
  for (const char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : keep ? c : '-';
  }
  return lower;
}

std::string ClientToken(std::string_view owner, std::string_view region,
                        std::string_view logical_id) {
  const std::string seed =
      std::string(owner) + "/" + std::string(region) + "/" + std::string(logical_id);
  return "awsr-" + Sha256Hex(seed).substr(0, 32);
}

TagMap OwnershipTags(std::string_view owner, std::string_view logical_id,
                     std::string_view deletion_policy) {
  return {{std::string(kOwnerTag), std::string(owner)},
          {std::string(kLogicalIdTag), std::string(logical_id)},
          {std::string(kDeletionPolicyTag), std::string(deletion_policy)}};
}

namespace {
constexpr std::string_view kReleasedPrefix = "released:";
}  // namespace

std::string ReleasedOwner(std::string_view owner) {
  return std::string(kReleasedPrefix) + std::string(owner);
}

bool IsReleasedOwner(std::string_view owner_tag) { return owner_tag.starts_with(kReleasedPrefix); }

}  // namespace awsr::engine
