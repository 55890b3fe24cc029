#include "daemon/base/heap.h"

#include <cstddef>

#if defined(AWSR_WITH_JEMALLOC)
// jemalloc's control call, declared alone: <jemalloc/jemalloc.h> redeclares malloc and friends,
// which clashes with the C library's declarations in a unity batch.
extern "C" int mallctl(const char* name, void* old_value, std::size_t* old_size, void* new_value,
                       std::size_t new_size);

// jemalloc's settings for this program, read when it starts (MALLOC_CONF in the environment
// still has the last word). No thread caches: a cache hands a freed block back to the next
// allocation of its size wherever its slab is, so what a full cycle keeps ends up spread over
// slabs its passing allocations also used, and the purge after the cycle finds few slabs empty.
// Without them every allocation takes the lowest free block, what is kept packs into fewer
// slabs: at 10,000 resources RSS 62-64 -> 54-56 MiB, for ~0.01 s more CPU in a steady cycle of
// the realistic mix (docs/bench.md).
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's
const char* malloc_conf = "tcache:false";
}
#else
#include <malloc.h>
#endif

namespace awsr::heap {

void ReturnFreedMemory() {
#if defined(AWSR_WITH_JEMALLOC)
  // Every arena's (4096: MALLCTL_ARENAS_ALL) unused dirty pages go back now rather than after
  // jemalloc's decay time.
  mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
#else
  malloc_trim(0);
#endif
}

}  // namespace awsr::heap
