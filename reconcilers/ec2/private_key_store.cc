#include "reconcilers/ec2/private_key_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

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

// write(2) until everything is written or it fails.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data.remove_prefix(static_cast<size_t>(written));
  }
  return true;
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
  const std::string temporary = directory_ + "/." + KeyFileStem(key_name) + ".tmp";
  ::unlink(temporary.c_str());  // a leftover of a crash mid-write
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return FileError("cannot create", temporary);
  const bool written = WriteAll(fd, private_key) && ::fsync(fd) == 0;
  if (::close(fd) != 0 || !written) {
    Error error = FileError("cannot write", temporary);
    ::unlink(temporary.c_str());
    return error;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    Error error = FileError("cannot rename to", path);
    ::unlink(temporary.c_str());
    return error;
  }
  // The rename itself survives a crash once the directory is flushed.
  if (const int dir = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return path;
}

Result<void> PrivateKeyStore::Remove(std::string_view key_name) const {
  const std::string path = PathFor(key_name);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return FileError("cannot remove", path);
  return {};
}

}  // namespace awsr::reconcilers::ec2
