// Datagrams to the unix sockets systemd listens on: the service manager's (NOTIFY_SOCKET) and
// journald's. Both protocols are documented as stable for programs to speak themselves
// (sd_notify(3), systemd's "Native Journal Protocol"); speaking them here keeps libsystemd, and
// the five compression and crypto libraries it loads, out of the daemon's process.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <optional>
#include <string_view>

namespace awsr::systemd {

struct UnixAddress {
  sockaddr_un address{};
  socklen_t length = 0;
};

// An address as NOTIFY_SOCKET holds it: an absolute path, or "@name" in the abstract namespace.
// Anything else (empty, relative, longer than a socket address holds) is no address.
std::optional<UnixAddress> ParseUnixAddress(std::string_view text);

// Sends `payload` as one datagram from a socket of its own, with `descriptor` passed along
// (SCM_RIGHTS) when it is one. Returns 0, or the errno of what failed.
int SendDatagram(const UnixAddress& to, std::string_view payload, int descriptor = -1);

}  // namespace awsr::systemd
