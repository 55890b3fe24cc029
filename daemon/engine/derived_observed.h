// What a change made of a shared resource, kept by physical ID. A type that adds to its resources
// what the bulk list does not show (a VPC's default group; details the engine read apart) would
// otherwise copy each of them every cycle, and a copy is a new object: the index would compare
// it, and keep it instead of the one the observation memo holds. Changed by the same inputs
// again, the same resource gets the same result, so an unchanged resource stays one shared
// object from cycle to cycle, as kit::ObservedMemo keeps it for the list itself.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>

#include "daemon/engine/observed_list.h"

namespace awsr::engine {

template <typename Inputs>
class DerivedObserved {
 public:
  // Applies `change(resource, inputs)` to `list`'s resource at `i`: to the list's own copy, or
  // not at all when the list holds the very resource the kept result was made from, by equal
  // inputs (then the result is the one kept), or that result itself (what the index holds,
  // applied again after a read: a change is made once per input, so nothing is left to do).
  template <typename Change>
  void Apply(ObservedList& list, std::size_t i, const Inputs& inputs, const Change& change) {
    Kept& kept = kept_[list[i].physical_id];
    if (kept.inputs == inputs && (kept.source == list.Shared(i) || kept.result == list.Shared(i))) {
      list.Set(i, kept.result);
      return;
    }
    SharedObserved source = list.Shared(i);  // held, so no later object can share its address
    change(list.MutableAt(i), inputs);
    kept = Kept{std::move(source), inputs, list.Shared(i)};
  }

  void Forget(const std::string& physical_id) { kept_.erase(physical_id); }
  // Forgets the resources `gone(physical_id)` says are gone.
  template <typename Gone>
  void ForgetIf(const Gone& gone) {
    std::erase_if(kept_, [&](const auto& entry) { return gone(entry.first); });
  }

 private:
  struct Kept {
    SharedObserved source;
    Inputs inputs{};
    SharedObserved result;
  };
  std::unordered_map<std::string, Kept> kept_;
};

}  // namespace awsr::engine
