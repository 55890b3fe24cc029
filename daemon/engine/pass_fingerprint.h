// Do no work for what did not change. Planning a resource reads its resolved declaration and
// its observed item (plus those of what it refers to); when none of them moved since the pass
// that found it in sync, the plan would say "in sync" again. A fingerprint (the first half of
// the SHA-256 of their canonical bytes) tells whether they moved, so a steady cycle neither
// plans nor re-records a resource nobody touched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "config/document.h"
#include "daemon/base/crypto.h"
#include "daemon/engine/reconciler.h"

namespace awsr::engine {

// The first half of the SHA-256: held per resource (records, the observed index).
using Fingerprint = ShortDigest;

// Everything of an observed item a plan can read: properties, tags, attributes, readiness,
// the reconciler's private details. nlohmann's objects are sorted maps, so dump() and the
// packed properties' bytes are canonical.
inline Fingerprint FingerprintOf(const ObservedResource& resource);
// Everything of a declaration as written (intrinsics unresolved) a plan or a status can read.
inline Fingerprint FingerprintOf(const config::ResourceDecl& decl);

// Whether two observed items agree on everything FingerprintOf reads, compared in place (no
// bytes built, nothing hashed): true means the same fingerprint. JSON values compare with their
// types, as dump() tells them apart (1 is not 1.0, nor "1").
inline bool SameFingerprintInputs(const ObservedResource& a, const ObservedResource& b);

// Builds a fingerprint from parts, each length-prefixed so no two sequences of parts collide.
class FingerprintBuilder {
 public:
  FingerprintBuilder& Add(std::string_view part);
  FingerprintBuilder& Add(const Fingerprint& part) { return Add(AsView(part)); }
  // An observed item, or a marker for "none".
  FingerprintBuilder& Add(const std::optional<Fingerprint>& part);
  Fingerprint Done() const { return HalfSha256(bytes_); }

 private:
  std::string bytes_;
};

// How far the inputs of every pass had moved when one pass took its own: the observed index's
// generation and the engine's (declarations, account, settings). While neither moves, no
// pass's inputs can have moved.
struct InputsStamp {
  std::uint64_t observed = 0;
  std::uint64_t engine = 0;
  bool operator==(const InputsStamp&) const = default;
};

// Defined here: small, and used only by the engine and its tests.

inline FingerprintBuilder& FingerprintBuilder::Add(std::string_view part) {
  bytes_ += std::to_string(part.size());
  bytes_ += ':';
  bytes_ += part;
  return *this;
}

inline FingerprintBuilder& FingerprintBuilder::Add(const std::optional<Fingerprint>& part) {
  return part ? Add(*part).Add("observed") : Add("absent");
}

inline Fingerprint FingerprintOf(const ObservedResource& resource) {
  FingerprintBuilder builder;
  builder.Add(resource.physical_id).Add(resource.identity_key).Add(resource.region);
  builder.Add(resource.properties.View());
  for (const auto& [key, value] : resource.tags) builder.Add(key).Add(value);
  builder.Add("attributes");
  for (const auto& [name, value] : resource.attributes) builder.Add(name).Add(value.dump());
  builder.Add(resource.ready ? "ready" : "not-ready").Add(resource.aws_state);
  builder.Add(resource.internal.dump()).Add(resource.tags_unknown ? "tags-unknown" : "tags-known");
  return builder.Done();
}

namespace fingerprint_detail {

inline bool SameJson(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_object()) {
    for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
      if (x.key() != y.key() || !SameJson(*x, *y)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!SameJson(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_number_float()) return a.dump() == b.dump();  // -0.0 and 0.0 print apart
  return a == b;
}

}  // namespace fingerprint_detail

inline bool SameFingerprintInputs(const ObservedResource& a, const ObservedResource& b) {
  using fingerprint_detail::SameJson;
  if (a.physical_id != b.physical_id || a.identity_key != b.identity_key || a.region != b.region ||
      a.tags != b.tags || a.ready != b.ready || a.aws_state != b.aws_state ||
      a.tags_unknown != b.tags_unknown || a.attributes.size() != b.attributes.size() ||
      a.properties != b.properties || !SameJson(a.internal, b.internal)) {
    return false;
  }
  for (auto x = a.attributes.begin(), y = b.attributes.begin(); x != a.attributes.end(); ++x, ++y) {
    if (x->first != y->first || !SameJson(x->second, y->second)) return false;
  }
  return true;
}

inline Fingerprint FingerprintOf(const config::ResourceDecl& decl) {
  FingerprintBuilder builder;
  const std::vector<std::uint8_t>& properties = decl.properties.Bytes();
  builder.Add(decl.logical_id)
      .Add(decl.type)
      .Add(std::string_view(reinterpret_cast<const char*>(properties.data()), properties.size()));
  for (const auto& dependency : decl.DependsOn()) builder.Add(dependency);
  builder.Add("policies")
      .Add(config::ToString(decl.deletion_policy))
      .Add(config::ToString(decl.management_policy))
      .Add(config::ToString(decl.adopt_policy))
      .Add(decl.region)
      .Add(decl.account->role_arn)
      .Add(decl.file);
  return builder.Done();
}

}  // namespace awsr::engine
