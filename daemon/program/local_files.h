// Reading the small local files the daemon depends on (desired-state files, the API token)
// without ever mistaking a failure for an answer.
#pragma once

#include <cstdint>
#include <string>

#include "daemon/base/error.h"

namespace awsr {

// A desired-state file larger than this is refused rather than read.
inline constexpr std::uintmax_t kMaxDesiredFileBytes = 8 << 20;

// What reading one file found: its text, that it is gone, or why it cannot be read.
struct LocalFileRead {
  enum class Outcome { kText, kGone, kUnreadable } outcome = Outcome::kGone;
  std::string text_or_reason;
};

// Only "no such file" means gone. Any other failure (permission denied, too many open files, a
// directory or FIFO under the name, an I/O error, over `max_bytes`) says nothing about what a
// desired file wants, so it must never read as a removal: that would delete or release what
// the file declares. Never blocks (a FIFO is refused, not waited on).
LocalFileRead ReadLocalFile(const std::string& path, std::uintmax_t max_bytes);

// The API token: the first line of the file. Refused when other users may read it or anyone
// but its owner may change it (as ssh refuses a private key anyone can read). "" for no path.
Result<std::string> ReadTokenFile(const std::string& path);

}  // namespace awsr
