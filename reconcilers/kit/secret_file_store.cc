#include "reconcilers/kit/secret_file_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "daemon/base/durable_file.h"

namespace awsr::reconcilers::kit {
namespace {

// Names the file only, never the secret: the content must not reach an error message.
Error SecretFileError(const std::string& what, const std::string& path) {
  Error error = MakeError(ErrorKind::kInternal, what + " " + path + ": " + std::strerror(errno));
  error.context = "secret file store";
  return error;
}

bool IsPlainSecretFileChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

}  // namespace

std::string SecretFileStem(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string stem;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    // A leading '.' would make "." or ".." or a hidden file.
    if (IsPlainSecretFileChar(static_cast<char>(c)) && !(i == 0 && c == '.')) {
      stem.push_back(static_cast<char>(c));
    } else {
      stem += {'%', kHex[c >> 4], kHex[c & 0xF]};
    }
  }
  return stem.empty() ? std::string("%") : stem;
}

SecretFileStore::SecretFileStore(std::string directory, std::string extension)
    : directory_(std::move(directory)), extension_(std::move(extension)) {}

std::string SecretFileStore::PathFor(std::string_view name) const {
  return directory_ + "/" + SecretFileStem(name) + extension_;
}

bool SecretFileStore::Has(std::string_view name) const {
  std::error_code ignored;
  return std::filesystem::is_regular_file(PathFor(name), ignored);
}

Result<void> SecretFileStore::EnsureDirectory() const {
  if (::mkdir(directory_.c_str(), 0700) != 0 && errno != EEXIST) {
    return SecretFileError("cannot create", directory_);
  }
  // An existing directory made looser by hand is tightened again.
  if (::chmod(directory_.c_str(), 0700) != 0) return SecretFileError("cannot chmod", directory_);
  return {};
}

Result<std::string> SecretFileStore::Save(std::string_view name, std::string_view secret) const {
  if (auto ready = EnsureDirectory(); !ready) return ready.error();
  const std::string path = PathFor(name);
  auto written = WriteFileDurably(path, secret, 0600);
  if (!written) {
    Error error = written.error();
    error.context = "secret file store";
    return error;
  }
  ::unlink(PendingPathFor(name).c_str());
  return path;
}

Result<void> SecretFileStore::Remove(std::string_view name) const {
  ::unlink(PendingPathFor(name).c_str());
  const std::string path = PathFor(name);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return SecretFileError("cannot remove", path);
  return {};
}

std::string SecretFileStore::PendingPathFor(std::string_view name) const {
  return directory_ + "/" + SecretFileStem(name) + ".pending";
}

Result<void> SecretFileStore::MarkPending(std::string_view name) const {
  if (auto ready = EnsureDirectory(); !ready) return ready.error();
  return WriteFileDurably(PendingPathFor(name), "", 0600);
}

bool SecretFileStore::IsPending(std::string_view name) const {
  std::error_code ignored;
  return std::filesystem::exists(PendingPathFor(name), ignored);
}

}  // namespace awsr::reconcilers::kit
