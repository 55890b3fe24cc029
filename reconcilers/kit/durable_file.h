// Files a reconciler keeps in the state directory (the IAM ownership ledger, created key
// pairs' private keys) written so that a crash or a power cut leaves the old content or the
// new, never a torn or an empty file, and never loses a write that returned success.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "daemon/base/error.h"

namespace awsr::reconcilers::kit {

// Writes `content` to a new file beside `path` with `mode`, fsyncs it, renames it over `path`
// and fsyncs the directory. Errors name the path, never the content.
Result<void> WriteFileDurably(const std::string& path, std::string_view content, mode_t mode);

}  // namespace awsr::reconcilers::kit
