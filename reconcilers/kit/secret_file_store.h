// Where secrets AWS returns exactly once live: one file per secret, <directory>/<stem><extension>,
// readable by the daemon's user only. EC2 key pairs keep their private halves here
// (<state_dir>/keys/<name>.pem), IAM access keys their secret access keys
// (<state_dir>/access-keys/<id>.secret). The file is the secret's only copy; its content never
// leaves these functions except to the file, and errors name the path, never the content.
#pragma once

#include <string>
#include <string_view>

#include "daemon/base/error.h"

namespace awsr::reconcilers::kit {

class SecretFileStore {
 public:
  // directory: made 0700 on first write; extension: ".pem", ".secret".
  SecretFileStore(std::string directory, std::string extension);

  // The file for a secret's name. Names may hold any ASCII, so everything outside
  // [A-Za-z0-9._-], and a leading '.', is written as %XX: a name can never leave the directory.
  std::string PathFor(std::string_view name) const;
  bool Has(std::string_view name) const;

  // Writes atomically: a 0600 temporary file in the same 0700 directory, flushed, then renamed
  // over the final name, so a crash leaves either no file or the whole secret.
  Result<std::string> Save(std::string_view name, std::string_view secret) const;
  // Removing a file that is not there is fine. Also forgets a pending create.
  Result<void> Remove(std::string_view name) const;

  // Recorded before the create is sent and cleared when the secret is saved: a resource of ours
  // with a pending create and no secret lost its secret (an answer that never arrived, a crash)
  // and nobody holds it.
  Result<void> MarkPending(std::string_view name) const;
  bool IsPending(std::string_view name) const;

 private:
  Result<void> EnsureDirectory() const;
  std::string PendingPathFor(std::string_view name) const;

  std::string directory_;
  std::string extension_;
};

// The file name part of PathFor, without directory or extension. Pure.
std::string SecretFileStem(std::string_view name);

}  // namespace awsr::reconcilers::kit
