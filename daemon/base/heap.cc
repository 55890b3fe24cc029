#include "daemon/base/heap.h"

#include <cstddef>

#if defined(AWSR_WITH_JEMALLOC)
// jemalloc's control call, declared alone: <jemalloc/jemalloc.h> redeclares malloc and friends,
// which clashes with the C library's declarations in a unity batch.
extern "C" int mallctl(const char* name, void* old_value, std::size_t* old_size, void* new_value,
                       std::size_t new_size);
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
