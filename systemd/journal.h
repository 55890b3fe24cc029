// Structured journald logging; the only journald call in the project.
#pragma once

#include <spdlog/common.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "systemd/unix_datagram.h"

namespace awsr::systemd {

using JournalFields = std::vector<std::pair<std::string_view, std::string_view>>;

// Sends one entry with MESSAGE, PRIORITY and the given fields (empty values are left out).
void JournalSend(spdlog::level::level_enum level, std::string_view message,
                 const JournalFields& fields);

// The fields in journald's native format: "NAME=value\n", or, for a value that holds a newline,
// "NAME\n", the value's length as 8 bytes little-endian, the value and "\n".
std::string JournalEntry(const JournalFields& fields);

// Hands `entry` to the journal at `journal`: as one datagram, or, when it is larger than a
// datagram may be, in a sealed memory file whose descriptor the datagram carries. Returns 0 or
// the errno of what failed.
int SendJournalEntry(const UnixAddress& journal, std::string_view entry);

}  // namespace awsr::systemd
