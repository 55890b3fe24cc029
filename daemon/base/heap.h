// The process heap: which allocator serves it, and giving freed memory back to the system.
//
// The daemon builds and drops a whole observation every full cycle (describe pages, JSON
// DOMs, indexes): millions of small allocations. jemalloc (Debian's libjemalloc2) serves them
// at about half the CPU of glibc's malloc, whose free-list consolidation dominated a steady
// cycle's profile (docs/bench.md); sanitizer builds keep the sanitizers' own allocator.
#pragma once

namespace awsr::heap {

// Hands the pages freed by the cycle that just ended back to the system, so RSS follows what
// the daemon holds between cycles instead of the largest cycle's high-water mark.
void ReturnFreedMemory();

}  // namespace awsr::heap
