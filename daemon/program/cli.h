// The command line: `awsreconciled [run] [--config PATH]`, `validate [DIR]`, `aws ...`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace awsr {

// Exit codes: 0 success, 1 validation found problems, 2 usage or configuration error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitProblems = 1;
inline constexpr int kExitBadConfig = 2;

int RunCommandLine(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace awsr
