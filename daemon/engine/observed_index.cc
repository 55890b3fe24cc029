#include "daemon/engine/observed_index.h"

#include <algorithm>
#include <set>

#include "daemon/engine/identity.h"

namespace awsr::engine {
namespace {

template <typename Set>
const ObservedResource* LookUp(const Set& index, std::string_view key) {
  const auto found = index.find(key);
  return found == index.end() ? nullptr : (*found)->resource.get();
}

// Whether `resource`'s owner tag is `owner` (a missing tag is ""), read without a copy: asked
// of every resource several times a cycle.
bool OwnedBy(const ObservedResource& resource, const std::string& owner) {
  const std::string* tag = resource.FindTag(kOwnerTag);
  return tag == nullptr ? owner.empty() : *tag == owner;
}

std::vector<const ObservedResource*> Objects(const ObservedList& resources) {
  std::vector<const ObservedResource*> objects;
  objects.reserve(resources.size());
  for (const ObservedResource& resource : resources) objects.push_back(&resource);
  return objects;
}

bool SameObjects(const std::vector<const ObservedResource*>& objects,
                 const ObservedList& resources) {
  if (objects.size() != resources.size()) return false;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (objects[i] != &resources[i]) return false;
  }
  return true;
}

}  // namespace

ObservedIndex::ObservedIndex(std::string owner)
    : owner_(std::move(owner)), released_owner_(ReleasedOwner(owner_)) {}

bool ObservedIndex::IsOurs(const ObservedResource& resource) const {
  return OwnedBy(resource, owner_);
}

bool ObservedIndex::IsReleasedByUs(const ObservedResource& resource) const {
  return OwnedBy(resource, released_owner_);
}

std::string_view ObservedIndex::PhysicalIdOf(const ObservedResource& resource) {
  return resource.physical_id;
}

std::string_view ObservedIndex::LogicalIdOf(const ObservedResource& resource) {
  const std::string* logical_id = resource.FindTag(kLogicalIdTag);
  return logical_id == nullptr ? std::string_view() : std::string_view(*logical_id);
}

std::string_view ObservedIndex::IdentityKeyOf(const ObservedResource& resource) {
  return resource.identity_key;
}

void ObservedIndex::Unlist(Bucket& bucket, const HeldResource& held) {
  const auto unlist = [&](auto& lookup) {
    const auto entry = lookup.find(&held);  // by held's own key
    if (entry != lookup.end() && *entry == &held) lookup.erase(entry);
  };
  unlist(bucket.owned_by_logical_id);
  unlist(bucket.released_by_logical_id);
  unlist(bucket.by_identity_key);
}

void ObservedIndex::Index(Bucket& bucket, SharedObserved resource,
                          const Fingerprint* fingerprint) const {
  const Fingerprint taken =
      fingerprint != nullptr ? *fingerprint : engine::FingerprintOf(*resource);
  auto [entry, added] = bucket.by_physical_id.insert(HeldResource{resource, taken});
  const HeldResource& held = *entry;
  if (!added) {
    // A list that names one resource twice (pages of a list that changed while it was read):
    // the lookups of the one it replaces go first, each found by that one's own keys. The
    // physical ID, the set's order, is the same.
    Unlist(bucket, held);
    held.resource = std::move(resource);
    held.fingerprint = taken;
  }
  // Each lookup answers with the latest resource filed under a key.
  const auto file = [&](auto& lookup) {
    if (const auto before = lookup.find(&held); before != lookup.end()) lookup.erase(before);
    lookup.insert(&held);
  };
  const ObservedResource& indexed = *held.resource;
  if (IsOurs(indexed)) {
    file(bucket.owned_by_logical_id);
  } else if (IsReleasedByUs(indexed)) {
    file(bucket.released_by_logical_id);
  }
  if (!indexed.identity_key.empty()) file(bucket.by_identity_key);
}

void ObservedIndex::Replace(const TypeRegion& where, ObservedList resources) {
  const auto before = observed_.find(where);
  if (before != observed_.end() &&
      before->second.replaced_with.size() == before->second.by_physical_id.size() &&
      SameObjects(before->second.replaced_with, resources)) {
    return;
  }
  std::vector<const Fingerprint*> known(resources.size(), nullptr);
  std::vector<SharedObserved*> matched(resources.size(), nullptr);  // what each one agrees with
  for (std::size_t i = 0; before != observed_.end() && i < resources.size(); ++i) {
    const SharedObserved& fresh = resources.Shared(i);
    const auto found = before->second.by_physical_id.find(fresh->physical_id);
    if (found == before->second.by_physical_id.end()) continue;
    const HeldResource& held = *found;
    // The very resource held (shared by the observation memo) needs no comparison.
    if (held.resource != fresh && !SameFingerprintInputs(*held.resource, *fresh)) continue;
    known[i] = &held.fingerprint;
    if (held.resource->made_by_aws == fresh->made_by_aws) matched[i] = &held.resource;
  }
  // Nothing moved (a steady cycle): every held resource agrees with exactly one fresh one, so
  // the lookups stand as they are. The fresh resources are held instead of their equals: the
  // memo shares them, so one copy is held and the next read is known unchanged at a glance.
  std::vector<SharedObserved*> slots = matched;
  std::sort(slots.begin(), slots.end(), std::less<>());
  if (before != observed_.end() && resources.size() == before->second.by_physical_id.size() &&
      std::find(slots.begin(), slots.end(), nullptr) == slots.end() &&
      std::adjacent_find(slots.begin(), slots.end()) == slots.end()) {
    for (std::size_t i = 0; i < resources.size(); ++i) *matched[i] = resources.Shared(i);
    before->second.replaced_with = Objects(resources);
    return;
  }
  Bucket bucket;
  for (std::size_t i = 0; i < resources.size(); ++i) Index(bucket, resources.Shared(i), known[i]);
  bucket.replaced_with = Objects(resources);
  observed_[where] = std::move(bucket);
  ++generation_;
}

void ObservedIndex::Merge(const TypeRegion& where, const Focus& focus,
                          const ObservedList& resources) {
  const std::vector<const ObservedResource*> held = Held(where, &focus);
  if (AgreesWithHeld(where, held, resources)) return;
  std::vector<std::string> replaced;
  for (const ObservedResource* resource : held) replaced.push_back(resource->physical_id);
  for (const std::string& id : replaced) Remove(where, id);
  for (std::size_t i = 0; i < resources.size(); ++i) Put(where, resources.Shared(i));
}

// Each fresh resource agrees with a different one of `held` (the focus's), and none is left
// over: what a reaction to a file saw again unchanged. The lookups stand, and the generation stays
// where it is, so the next full cycle's passes are still known in sync by their stamps.
bool ObservedIndex::AgreesWithHeld(const TypeRegion& where,
                                   const std::vector<const ObservedResource*>& held,
                                   const ObservedList& resources) const {
  if (held.size() != resources.size()) return false;
  std::set<const ObservedResource*> agreed;
  for (const ObservedResource& fresh : resources) {
    const SharedObserved same = HeldEqual(where, fresh);
    if (same == nullptr || std::find(held.begin(), held.end(), same.get()) == held.end() ||
        !agreed.insert(same.get()).second) {
      return false;
    }
  }
  return true;
}

std::vector<const ObservedResource*> ObservedIndex::Held(const TypeRegion& where,
                                                         const Focus* focus) const {
  std::vector<const ObservedResource*> held;
  const auto found = observed_.find(where);
  if (found == observed_.end()) return held;
  if (focus == nullptr) {
    for (const HeldResource& entry : found->second.by_physical_id) {
      held.push_back(entry.resource.get());
    }
    return held;
  }
  const auto add = [&](const ObservedResource* resource) {
    if (resource != nullptr && std::find(held.begin(), held.end(), resource) == held.end()) {
      held.push_back(resource);
    }
  };
  for (const std::string& id : focus->logical_ids) {
    add(FindOwned(where, id));
    add(FindReleased(where, id));
  }
  for (const std::string& key : focus->identity_keys) add(FindByIdentity(where, key));
  return held;
}

void ObservedIndex::Put(const TypeRegion& where, ObservedResource resource) {
  Put(where, ShareObserved(std::move(resource)));
}

void ObservedIndex::Put(const TypeRegion& where, SharedObserved resource) {
  auto& bucket = observed_[where];
  Index(bucket, std::move(resource));  // in place of one held under its physical ID
  bucket.replaced_with.clear();
  ++generation_;
}

std::shared_ptr<const ObservedResource> ObservedIndex::Share(const TypeRegion& where,
                                                             const ObservedResource& held) const {
  if (const auto found = observed_.find(where); found != observed_.end()) {
    const auto entry = found->second.by_physical_id.find(held.physical_id);
    if (entry != found->second.by_physical_id.end() && entry->resource.get() == &held) {
      return entry->resource;
    }
  }
  return std::make_shared<const ObservedResource>(held);
}

SharedObserved ObservedIndex::HeldEqual(const TypeRegion& where,
                                        const ObservedResource& fresh) const {
  const auto found = observed_.find(where);
  if (found == observed_.end()) return nullptr;
  const auto held = found->second.by_physical_id.find(fresh.physical_id);
  if (held == found->second.by_physical_id.end() ||
      held->resource->made_by_aws != fresh.made_by_aws ||
      !SameFingerprintInputs(*held->resource, fresh)) {
    return nullptr;
  }
  return held->resource;
}

void ObservedIndex::Remove(const TypeRegion& where, std::string_view physical_id) {
  auto found = observed_.find(where);
  if (found == observed_.end()) return;
  auto& bucket = found->second;
  const auto resource = bucket.by_physical_id.find(physical_id);
  if (resource == bucket.by_physical_id.end()) return;
  Unlist(bucket, *resource);  // by its keys: no walk of the bucket's lookups
  bucket.by_physical_id.erase(resource);
  bucket.replaced_with.clear();
  ++generation_;
}

const ObservedResource* ObservedIndex::FindOwned(const TypeRegion& where,
                                                 std::string_view logical_id) const {
  const auto found = observed_.find(where);
  if (found == observed_.end()) return nullptr;
  return LookUp(found->second.owned_by_logical_id, logical_id);
}

const ObservedResource* ObservedIndex::FindReleased(const TypeRegion& where,
                                                    std::string_view logical_id) const {
  const auto found = observed_.find(where);
  if (found == observed_.end()) return nullptr;
  return LookUp(found->second.released_by_logical_id, logical_id);
}

const ObservedResource* ObservedIndex::FindByIdentity(const TypeRegion& where,
                                                      std::string_view key) const {
  const auto found = observed_.find(where);
  if (key.empty() || found == observed_.end()) return nullptr;
  return LookUp(found->second.by_identity_key, key);
}

std::vector<std::pair<TypeRegion, const ObservedResource*>> ObservedIndex::AllOwned() const {
  std::vector<std::pair<TypeRegion, const ObservedResource*>> owned;
  for (const auto& [where, bucket] : observed_) {
    for (const HeldResource& held : bucket.by_physical_id) {
      if (IsOurs(*held.resource)) owned.emplace_back(where, held.resource.get());
    }
  }
  return owned;
}

std::vector<TypeRegion> ObservedIndex::Observed() const {
  std::vector<TypeRegion> keys;
  for (const auto& [where, bucket] : observed_) keys.push_back(where);
  return keys;
}

ObservedList ObservedIndex::Of(const TypeRegion& where) const {
  ObservedList resources;
  const auto found = observed_.find(where);
  if (found == observed_.end()) return resources;
  for (const HeldResource& held : found->second.by_physical_id) {
    resources.push_back(held.resource);
  }
  return resources;
}

const ObservedResource* ObservedIndex::Find(const TypeRegion& where,
                                            std::string_view physical_id) const {
  const auto found = observed_.find(where);
  if (found == observed_.end()) return nullptr;
  const auto resource = found->second.by_physical_id.find(physical_id);
  return resource == found->second.by_physical_id.end() ? nullptr : resource->resource.get();
}

std::optional<Fingerprint> ObservedIndex::FingerprintOf(const TypeRegion& where,
                                                        std::string_view physical_id) const {
  const auto found = observed_.find(where);
  if (found == observed_.end()) return std::nullopt;
  const auto held = found->second.by_physical_id.find(physical_id);
  if (held == found->second.by_physical_id.end()) return std::nullopt;
  return held->fingerprint;
}

}  // namespace awsr::engine
