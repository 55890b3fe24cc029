// Boost.URL compiled into the program instead of linked as Debian's shared library: what the
// daemon runs of it lies in the binary with the rest it runs, where the library kept ~0.3 MiB
// of its pages mapped (docs/bench.md). A file of its own, outside the unity batches: its
// sources are slow to compile and never change.
#include <boost/url/src.hpp>
