// The command line over the control API: status, get, plan, reconcile, approve, reload, events.
// Tables for people, `-o json` for scripts, exit codes a script can branch on.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace awsr {

// Exit codes of the control commands: 0 done, 1 failed (unreachable, refused, bad usage),
// 2 `plan` found changes to make (as `terraform plan -detailed-exitcode` does).
inline constexpr int kExitChangesPending = 2;

bool IsControlCommand(std::string_view command);

int RunControlCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                      bool out_is_terminal);

}  // namespace awsr
