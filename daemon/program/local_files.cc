#include "daemon/program/local_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace awsr {

LocalFileRead ReadLocalFile(const std::string& path, std::uintmax_t max_bytes) {
  using Outcome = LocalFileRead::Outcome;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int open_error = errno;
    // A symlink whose target is missing (a ConfigMap-style link mid-swap, an unmounted share)
    // is not a removed file: only a path that names nothing at all is gone.
    struct stat link {};
    if (open_error == ENOENT && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
      return {Outcome::kUnreadable, "a symlink whose target does not exist"};
    if (open_error == ENOENT || open_error == ENOTDIR) return {Outcome::kGone, ""};
    return {Outcome::kUnreadable, strerror(open_error)};
  }
  struct stat info {};
  std::string text;
  std::string problem;
  const std::string limit = std::to_string(max_bytes >> 20) + " MiB limit";
  if (::fstat(fd, &info) != 0) {
    problem = strerror(errno);
  } else if (!S_ISREG(info.st_mode)) {
    problem = "not a regular file";
  } else if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    problem = "file is " + std::to_string(info.st_size) + " bytes, over the " + limit;
  } else {
    char buffer[64 * 1024];
    for (;;) {
      const ssize_t got = ::read(fd, buffer, sizeof(buffer));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) problem = strerror(errno);
      if (got <= 0) break;
      text.append(buffer, static_cast<std::size_t>(got));
      if (text.size() > max_bytes) {
        problem = "file grew over the " + limit + " while read";
        break;
      }
    }
  }
  ::close(fd);
  if (!problem.empty()) return {Outcome::kUnreadable, std::move(problem)};
  return {Outcome::kText, std::move(text)};
}

Result<std::string> ReadTokenFile(const std::string& path) {
  if (path.empty()) return std::string();
  const auto refuse = [&path](const std::string& why) {
    return MakeError(ErrorKind::kInvalidSpec, "config key /api/token_file: " + path + " " + why);
  };
  constexpr std::uintmax_t kMaxTokenFileBytes = 64 << 10;
  LocalFileRead read = ReadLocalFile(path, kMaxTokenFileBytes);
  if (read.outcome != LocalFileRead::Outcome::kText) {
    return refuse("cannot be read: " + (read.text_or_reason.empty() ? std::string("no such file")
                                                                    : read.text_or_reason));
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return refuse(std::string("cannot be read: ") + strerror(errno));
  }
  if (info.st_mode & (S_IRWXO | S_IWGRP)) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return refuse("has mode " + std::string(mode) +
                  ": other users could read or change it (chmod 600 or 640)");
  }
  std::string token = read.text_or_reason.substr(0, read.text_or_reason.find_first_of("\r\n"));
  if (token.empty()) return refuse("holds no token on its first line");
  return token;
}

}  // namespace awsr
