#include "reconcilers/ec2/private_key_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "reconcilers/kit/durable_file.h"

namespace awsr::reconcilers::ec2 {
namespace {

// Names the file only, never the key: the content must not reach an error message.
Error FileError(const std::string& what, const std::string& path) {
  Error error = MakeError(ErrorKind::kInternal, what + " " + path + ": " + std::strerror(errno));
  error.context = "private key store";
  return error;
}

bool IsPlain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

}  // namespace

std::string KeyFileStem(std::string_view key_name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string stem;
  for (size_t i = 0; i < key_name.size(); ++i) {
    const auto c = static_cast<unsigned char>(key_name[i]);
    // A leading '.' would make "." or ".." or a hidden file.
    if (IsPlain(static_cast<char>(c)) && !(i == 0 && c == '.')) {
      stem.push_back(static_cast<char>(c));
    } else {
      stem += {'%', kHex[c >> 4], kHex[c & 0xF]};
    }
  }
  return stem.empty() ? std::string("%") : stem;
}

PrivateKeyStore::PrivateKeyStore(std::string state_dir)
    : directory_(std::move(state_dir) + "/keys") {}

std::string PrivateKeyStore::PathFor(std::string_view key_name) const {
  return directory_ + "/" + KeyFileStem(key_name) + ".pem";
}

bool PrivateKeyStore::Has(std::string_view key_name) const {
  std::error_code ignored;
  return std::filesystem::is_regular_file(PathFor(key_name), ignored);
}

Result<void> PrivateKeyStore::EnsureDirectory() const {
  if (::mkdir(directory_.c_str(), 0700) != 0 && errno != EEXIST) {
    return FileError("cannot create", directory_);
  }
  // An existing directory made looser by hand is tightened again.
  if (::chmod(directory_.c_str(), 0700) != 0) return FileError("cannot chmod", directory_);
  return {};
}

Result<std::string> PrivateKeyStore::Save(std::string_view key_name,
                                          std::string_view private_key) const {
  if (auto ready = EnsureDirectory(); !ready) return ready.error();
  const std::string path = PathFor(key_name);
  auto written = kit::WriteFileDurably(path, private_key, 0600);
  if (!written) {
    Error error = written.error();
    error.context = "private key store";
    return error;
  }
  ::unlink(PendingPathFor(key_name).c_str());
  return path;
}

Result<void> PrivateKeyStore::Remove(std::string_view key_name) const {
  ::unlink(PendingPathFor(key_name).c_str());
  const std::string path = PathFor(key_name);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return FileError("cannot remove", path);
  return {};
}

std::string PrivateKeyStore::PendingPathFor(std::string_view key_name) const {
  return directory_ + "/" + KeyFileStem(key_name) + ".pending";
}

Result<void> PrivateKeyStore::MarkPending(std::string_view key_name) const {
  if (auto ready = EnsureDirectory(); !ready) return ready.error();
  return kit::WriteFileDurably(PendingPathFor(key_name), "", 0600);
}

bool PrivateKeyStore::IsPending(std::string_view key_name) const {
  std::error_code ignored;
  return std::filesystem::exists(PendingPathFor(key_name), ignored);
}

}  // namespace awsr::reconcilers::ec2
