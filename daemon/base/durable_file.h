// Files kept in the state directory (the status file, the IAM ownership ledger, created key
// pairs' private keys) and those `export` writes, written so that a crash or a power cut
// leaves the old content or the new, never a torn or an empty file, and never loses a write
// that returned success.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "daemon/base/error.h"

namespace awsr {

// Writes `content` to a new file beside `path` with `mode`, fsyncs it, renames it over `path`
// and fsyncs the directory. Errors name the path, never the content. The temporary file is
// `.NAME.tmp` beside it; one a crash left is replaced by the next write.
Result<void> WriteFileDurably(const std::string& path, std::string_view content, mode_t mode);
// The temporary file WriteFileDurably writes `path` through: what a crash mid-write leaves.
std::string TemporaryPathFor(const std::string& path);

}  // namespace awsr
