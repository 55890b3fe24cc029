// Where the private keys of the key pairs the daemon creates live: one file per key,
// <state_dir>/keys/<file name>.pem, readable by the daemon's user only. AWS returns a created
// key's private half exactly once, so this file is its only copy; its content never leaves
// these functions except to the file.
#pragma once

#include <string>
#include <string_view>

#include "daemon/base/error.h"

namespace awsr::reconcilers::ec2 {

class PrivateKeyStore {
 public:
  explicit PrivateKeyStore(std::string state_dir);

  // The file for a key pair name. Names may hold any ASCII, so everything outside
  // [A-Za-z0-9._-], and a leading '.', is written as %XX: a name can never leave the directory.
  std::string PathFor(std::string_view key_name) const;
  bool Has(std::string_view key_name) const;

  // Writes atomically: a 0600 temporary file in the same 0700 directory, flushed, then renamed
  // over the final name, so a crash leaves either no file or the whole key.
  Result<std::string> Save(std::string_view key_name, std::string_view private_key) const;
  // Removing a file that is not there is fine. Also forgets a pending create.
  Result<void> Remove(std::string_view key_name) const;

  // Recorded before CreateKeyPair is sent and cleared when the private key is saved: a key
  // pair of ours with a pending create and no private key lost its private half (an answer
  // that never arrived, a crash) and nobody holds it.
  Result<void> MarkPending(std::string_view key_name) const;
  bool IsPending(std::string_view key_name) const;

 private:
  Result<void> EnsureDirectory() const;
  std::string PendingPathFor(std::string_view key_name) const;

  std::string directory_;
};

// The file name part of PathFor, without directory or extension. Pure.
std::string KeyFileStem(std::string_view key_name);

}  // namespace awsr::reconcilers::ec2
