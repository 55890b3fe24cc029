// `awsreconciled export`: what exists in the account, as desired-state files to adopt.
//   awsreconciled export [--config PATH] [--type T]... [--region R]... [--tag K=V]...
//                        [--include-defaults] [--out DIR]
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace awsr {

// args are the words after "export". Returns the exit code: 0 everything read and written,
// 1 some reads failed (what was read is written), 2 bad usage or config.
int RunExportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace awsr
