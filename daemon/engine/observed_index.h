// The latest bulk observation of every (type, region): what AWS has, indexed the two ways the
// engine looks things up — by our logical-ID tag, and by identity key for look-alikes.
#pragma once

#include <boost/unordered/unordered_flat_set.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/engine/pass_fingerprint.h"
#include "daemon/engine/reconciler.h"

namespace awsr::engine {

struct TypeRegion {
  std::string type;
  std::string region;
  // The account: the RoleArn its file assumes (account_registries.h); empty: the daemon's own.
  std::string role_arn = {};
  auto operator<=>(const TypeRegion&) const = default;
};

// The part of a (type, region) a cycle for a changed file observes: the resources of these
// logical IDs (ours, or released by us) and anyone's under these identity keys.
struct Focus {
  std::set<std::string> logical_ids;
  std::set<std::string> identity_keys;
};

class ObservedIndex {
 public:
  explicit ObservedIndex(std::string owner);

  // Replaces what is known of one (type, region) with a fresh bulk observation. A resource
  // that agrees with the one it replaces keeps its fingerprint instead of being hashed again;
  // one that is the very resource held (shared, kit::ObservedMemo) is not even compared.
  void Replace(const TypeRegion& where, ObservedList resources);
  // Replaces what is known of the focus's resources with a focused observation of them; the
  // rest of the (type, region) stays as the last whole observation left it. One that agrees
  // with what is held (the same resources, each equal in what a pass reads) changes nothing.
  void Merge(const TypeRegion& where, const Focus& focus, const ObservedList& resources);
  // Adds or replaces one resource (right after we created or adopted it).
  void Put(const TypeRegion& where, ObservedResource resource);
  void Put(const TypeRegion& where, SharedObserved resource);
  void Remove(const TypeRegion& where, std::string_view physical_id);
  bool Has(const TypeRegion& where) const { return observed_.contains(where); }

  // The pointers the lookups below return hold until the next Replace, Merge, Put or Remove
  // (a steady Replace swaps what it holds for equal fresh resources): not across a co_await.

  // Ours: owner tag is our owner and the logical-ID tag matches.
  const ObservedResource* FindOwned(const TypeRegion& where, std::string_view logical_id) const;
  // Ours once and released (identity.h: ReleasedOwner), under that logical ID.
  const ObservedResource* FindReleased(const TypeRegion& where, std::string_view logical_id) const;
  // Anyone's, by identity key (name); used only when FindOwned finds nothing.
  const ObservedResource* FindByIdentity(const TypeRegion& where, std::string_view key) const;
  // Every resource of ours in the observed (type, region)s, for deletion candidates.
  std::vector<std::pair<TypeRegion, const ObservedResource*>> AllOwned() const;
  std::vector<TypeRegion> Observed() const;
  // Every resource of one (type, region), and one of them by physical ID.
  ObservedList Of(const TypeRegion& where) const;
  // The resources held for one (type, region); given a focus, only its resources.
  std::vector<const ObservedResource*> Held(const TypeRegion& where,
                                            const Focus* focus = nullptr) const;
  const ObservedResource* Find(const TypeRegion& where, std::string_view physical_id) const;
  // The fingerprint of the resource held under `physical_id` (pass_fingerprint.h), taken once
  // when it was put in, not at every look.
  std::optional<Fingerprint> FingerprintOf(const TypeRegion& where,
                                           std::string_view physical_id) const;

  // The index's own shared copy of `held`, one of the resources it holds for `where`, to keep
  // beyond the next change (an action in flight); a copy of any other resource.
  std::shared_ptr<const ObservedResource> Share(const TypeRegion& where,
                                                const ObservedResource& held) const;

  // The resource held under `fresh`'s physical ID when it is equal to `fresh` in everything a
  // pass reads (SameFingerprintInputs, made_by_aws); null otherwise.
  SharedObserved HeldEqual(const TypeRegion& where, const ObservedResource& fresh) const;

  // Moves whenever what the index holds changes; a steady Replace leaves it as it was.
  std::uint64_t Generation() const { return generation_; }

  bool IsOurs(const ObservedResource& resource) const;
  bool IsReleasedByUs(const ObservedResource& resource) const;

 private:
  // A resource and its fingerprint, taken when it was put in. Mutable: a steady Replace swaps
  // each for an equal fresh one, which has the same keys, so the order of the sets stands.
  struct HeldResource {
    mutable SharedObserved resource;
    mutable Fingerprint fingerprint;
  };
  // Orders by a key read from the held resource itself: no copy of the key is kept, which at
  // 10,000 resources was a heap string and a map node's key per lookup.
  template <std::string_view (*KeyOf)(const ObservedResource&)>
  struct ByKey {
    using is_transparent = void;
    static std::string_view Of(const HeldResource& held) { return KeyOf(*held.resource); }
    static std::string_view Of(const HeldResource* held) { return KeyOf(*held->resource); }
    static std::string_view Of(std::string_view key) { return key; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Of(a) < Of(b);
    }
  };
  static std::string_view PhysicalIdOf(const ObservedResource& resource);
  static std::string_view LogicalIdOf(const ObservedResource& resource);  // "" without the tag
  static std::string_view IdentityKeyOf(const ObservedResource& resource);
  // The same key, hashed and compared, for the lookups.
  template <std::string_view (*KeyOf)(const ObservedResource&)>
  struct KeyHash {
    using is_transparent = void;
    template <typename A>
    std::size_t operator()(const A& a) const {
      return std::hash<std::string_view>()(ByKey<KeyOf>::Of(a));
    }
  };
  template <std::string_view (*KeyOf)(const ObservedResource&)>
  struct SameKey {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return ByKey<KeyOf>::Of(a) == ByKey<KeyOf>::Of(b);
    }
  };
  // A lookup's answer is the entry in by_physical_id (a set node, which stays where it is while
  // it is held, also when its set is moved). Hashed in place: a lookup is asked only for one
  // key, never walked in order, and an 8-byte slot each is what a tree node of 48 was (~1 MB at
  // 10,000 resources).
  template <std::string_view (*KeyOf)(const ObservedResource&)>
  using Lookup = boost::unordered_flat_set<const HeldResource*, KeyHash<KeyOf>, SameKey<KeyOf>>;
  // One (type, region): resources by physical ID, and the lookups into them.
  struct Bucket {
    std::set<HeldResource, ByKey<PhysicalIdOf>> by_physical_id;
    Lookup<LogicalIdOf> owned_by_logical_id;
    Lookup<LogicalIdOf> released_by_logical_id;
    Lookup<IdentityKeyOf> by_identity_key;
    // The list of the last Replace, object for object, while nothing else changed the bucket:
    // handed the same list again (a steady cycle's, shared by the observation memo), Replace
    // has nothing to look up. Each one is held in by_physical_id, so none is a freed address.
    std::vector<const ObservedResource*> replaced_with;
  };
  bool AgreesWithHeld(const TypeRegion& where, const std::vector<const ObservedResource*>& held,
                      const ObservedList& resources) const;
  // Takes `held` out of the lookups that point at it, each found by `held`'s own keys.
  static void Unlist(Bucket& bucket, const HeldResource& held);
  // Holds `resource` in `bucket` under each of its keys. `fingerprint`: the resource's, when
  // known already; else it is taken now.
  void Index(Bucket& bucket, SharedObserved resource,
             const Fingerprint* fingerprint = nullptr) const;

  std::string owner_;
  std::string released_owner_;
  std::map<TypeRegion, Bucket> observed_;
  std::uint64_t generation_ = 0;
};

}  // namespace awsr::engine
