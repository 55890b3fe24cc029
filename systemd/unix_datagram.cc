#include "systemd/unix_datagram.h"

#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

namespace awsr::systemd {

std::optional<UnixAddress> ParseUnixAddress(std::string_view text) {
  UnixAddress unix_address;
  sockaddr_un& address = unix_address.address;
  address.sun_family = AF_UNIX;
  // The path's bytes and, for a path, its terminating zero; an abstract name has none.
  const bool abstract = text.starts_with('@');
  if (!abstract && !text.starts_with('/')) return std::nullopt;
  if (text.size() < 2 || text.size() + (abstract ? 0 : 1) > sizeof(address.sun_path)) {
    return std::nullopt;
  }
  std::memcpy(address.sun_path, text.data(), text.size());
  if (abstract) address.sun_path[0] = '\0';
  unix_address.length =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + text.size() + (abstract ? 0 : 1));
  return unix_address;
}

int SendDatagram(const UnixAddress& to, std::string_view payload, int descriptor) {
  const int socket_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (socket_fd < 0) return errno;
  iovec vector{const_cast<char*>(payload.data()), payload.size()};
  msghdr message{};
  message.msg_name = const_cast<sockaddr_un*>(&to.address);
  message.msg_namelen = to.length;
  message.msg_iov = &vector;
  message.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  if (descriptor >= 0) {
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(header), &descriptor, sizeof(int));
  }
  const int result = ::sendmsg(socket_fd, &message, MSG_NOSIGNAL) < 0 ? errno : 0;
  ::close(socket_fd);
  return result;
}

}  // namespace awsr::systemd
