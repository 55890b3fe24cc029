#include "daemon/base/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace awsr {
namespace {

Error FileError(const std::string& what, const std::string& path) {
  return MakeError(ErrorKind::kInternal, what + " " + path + ": " + std::strerror(errno));
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

std::string TemporaryPathFor(const std::string& path) {
  const std::filesystem::path target(path);
  const std::string directory =
      target.has_parent_path() ? target.parent_path().string() : std::string(".");
  return directory + "/." + target.filename().string() + ".tmp";
}

Result<void> WriteFileDurably(const std::string& path, std::string_view content, mode_t mode) {
  const std::filesystem::path target(path);
  const std::string directory =
      target.has_parent_path() ? target.parent_path().string() : std::string(".");
  const std::string temporary = TemporaryPathFor(path);
  ::unlink(temporary.c_str());  // a leftover of a crash mid-write
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return FileError("cannot create", temporary);
  const bool written = WriteAll(fd, content) && ::fsync(fd) == 0;
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
  // The rename itself survives a crash only once the directory is flushed.
  const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return FileError("cannot open", directory);
  const bool synced = ::fsync(dir) == 0;
  ::close(dir);
  if (!synced) return FileError("cannot flush", directory);
  return {};
}

}  // namespace awsr
