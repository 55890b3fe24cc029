// libFuzzer target: any bytes as state_dir/status.json at start. Loading sets a bad file aside
// and never throws; what loaded is saved and loads back the same.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "daemon/engine/status_store.h"

namespace {

// On tmpfs when there is one: every save fsyncs, which a disk makes a hundred times slower.
const std::string& StateDir() {
  static const std::string dir = [] {
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm")
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    std::string pattern = (base / "awsr-fuzz-XXXXXX").string();
    return std::string(::mkdtemp(pattern.data()));
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& dir = StateDir();
  {
    std::ofstream file(dir + "/status.json", std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  awsr::engine::StatusStore store(dir);
  const bool loaded = static_cast<bool>(store.Load());
  if (!loaded) return 0;
  if (!store.Save()) __builtin_trap();
  awsr::engine::StatusStore again(dir);
  if (!again.Load() || again.All().size() != store.All().size()) __builtin_trap();
  return 0;
}
