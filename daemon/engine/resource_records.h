// What the engine keeps of each logical ID between passes, in one entry per ID: its
// declaration's fingerprint, what it was last brought to, its identity key, whether its last
// pass found it in sync, and who depends on it. A map for each part cost a node and a copy of
// the ID per part and resource (at 10,000 resources, a megabyte for each map). An entry goes
// once no part is set.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "daemon/base/string_set.h"
#include "daemon/engine/pass_fingerprint.h"

namespace awsr::engine {

// The inputs of the last pass that found a resource in sync, and their stamp
// (pass_fingerprint.h): it is not planned again until one of them moves.
struct InSyncEntry {
  Fingerprint inputs;
  InputsStamp stamp;
};

// Each part null while unset. Its fingerprints are kept with one byte of flags, not as three
// optionals: their padding took the entry to the next allocation size.
class ResourceRecord {
 public:
  // The fingerprint of its declaration, taken when the declaration changes; unset while no
  // file declares it.
  const Fingerprint* declaration() const { return Get(kDeclaration, declaration_); }
  // The digest of the resolved properties it was last brought to, to tell drift from edits;
  // unset once it is deleted or released.
  const ShortDigest* applied_spec() const { return Get(kAppliedSpec, applied_spec_); }
  // Its identity key from its latest plan: a targeted cycle re-plans only the resources it
  // is about, not every resource of the types it observes.
  const std::string* identity_key() const { return identity_key_ ? &*identity_key_ : nullptr; }
  // Set while its last pass found it in sync; any other outcome, an edit or an explicit
  // request unsets it.
  const InSyncEntry* in_sync() const { return Get(kInSync, in_sync_); }
  // The desired resources that depend on it (a file's cycle takes them along without walking
  // 10,000 declarations). A sorted vector, not a tree: the declarations are walked in ID
  // order, so each dependent is added at its end.
  const StringSet& dependents() const { return dependents_; }

  bool empty() const { return set_ == 0 && !identity_key_ && dependents_.empty(); }

 private:
  friend class ResourceRecords;
  enum Part : std::uint8_t { kDeclaration = 1, kAppliedSpec = 2, kInSync = 4 };
  template <typename Value>
  const Value* Get(Part part, const Value& value) const {
    return (set_ & part) != 0 ? &value : nullptr;
  }
  template <typename Value>
  void Put(Part part, Value& field, const std::optional<Value>& value) {
    if (value) field = *value;
    set_ = static_cast<std::uint8_t>(value ? (set_ | part) : (set_ & ~part));
  }

  Fingerprint declaration_{};
  ShortDigest applied_spec_{};
  InSyncEntry in_sync_{};
  std::optional<std::string> identity_key_;
  StringSet dependents_;
  std::uint8_t set_ = 0;  // which of the fingerprints above are set: Part bits
};

class ResourceRecords {
 public:
  const ResourceRecord* Find(std::string_view id) const {
    const auto record = records_.find(id);
    return record == records_.end() ? nullptr : &record->second;
  }

  void SetDeclaration(const std::string& id, std::optional<Fingerprint> declaration) {
    Change(id, declaration.has_value(), [&](ResourceRecord& record) {
      record.Put(ResourceRecord::kDeclaration, record.declaration_, declaration);
    });
  }
  void SetAppliedSpec(const std::string& id, std::optional<ShortDigest> spec) {
    Change(id, spec.has_value(), [&](ResourceRecord& record) {
      record.Put(ResourceRecord::kAppliedSpec, record.applied_spec_, spec);
    });
  }
  // Returns the key held, and whether it is not the one held before.
  std::pair<const std::string&, bool> SetIdentityKey(const std::string& id, std::string key) {
    std::optional<std::string>& known = records_[id].identity_key_;
    const bool moved = known != key;
    if (moved) known = std::move(key);
    return {*known, moved};
  }
  // Whether there was one.
  bool EraseIdentityKey(const std::string& id) {
    bool had = false;
    Change(id, false, [&](ResourceRecord& record) {
      had = record.identity_key_.has_value();
      record.identity_key_.reset();
    });
    return had;
  }

  // Its entry, to check and renew with one lookup (a steady cycle plans 10,000); null when its
  // last pass did not find it in sync.
  InSyncEntry* InSync(std::string_view id) {
    const auto record = records_.find(id);
    return record == records_.end() || record->second.in_sync() == nullptr
               ? nullptr
               : &record->second.in_sync_;
  }
  void RecordInSync(const std::string& id, const Fingerprint& inputs, const InputsStamp& stamp) {
    ResourceRecord& record = records_[id];
    if (record.in_sync() == nullptr) ++in_sync_membership_;
    record.Put(ResourceRecord::kInSync, record.in_sync_,
               std::optional<InSyncEntry>(InSyncEntry{inputs, stamp}));
  }
  void ForgetInSync(const std::string& id) {
    Change(id, false, [&](ResourceRecord& record) {
      if (record.in_sync() != nullptr) ++in_sync_membership_;
      record.Put(ResourceRecord::kInSync, record.in_sync_, std::optional<InSyncEntry>());
    });
  }
  // Moves whenever a resource comes into sync or leaves it: what was worked out from who is in
  // sync holds while it stays.
  std::uint64_t InSyncMembership() const { return in_sync_membership_; }

  void AddDependent(const std::string& of, const std::string& dependent) {
    records_[of].dependents_.insert(dependent);
  }
  void RemoveDependent(const std::string& of, const std::string& dependent) {
    Change(of, false, [&](ResourceRecord& record) { record.dependents_.erase(dependent); });
  }
  // Empty when nothing depends on it.
  const StringSet& DependentsOf(std::string_view id) const {
    static const StringSet kNone;
    const auto record = records_.find(id);
    return record == records_.end() ? kNone : record->second.dependents_;
  }

 private:
  // Applies `change` to the entry of `id`, made first when `adds` (the change sets a part),
  // and lets the entry go when it leaves no part set.
  template <typename ChangeRecord>
  void Change(const std::string& id, bool adds, ChangeRecord change) {
    auto record = adds ? records_.try_emplace(id).first : records_.find(id);
    if (record == records_.end()) return;
    change(record->second);
    if (record->second.empty()) records_.erase(record);
  }

  // Looked up by a view too; noexcept, so the map does not keep each key's hash beside it.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view id) const noexcept {
      return std::hash<std::string_view>{}(id);
    }
  };
  std::unordered_map<std::string, ResourceRecord, IdHash, std::equal_to<>> records_;
  std::uint64_t in_sync_membership_ = 0;
};

}  // namespace awsr::engine
