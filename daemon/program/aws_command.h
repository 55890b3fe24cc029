// `awsreconciled aws ...`: try the AWS client by hand, with the daemon's credential chain.
//   awsreconciled aws sts get-caller-identity
//   awsreconciled aws [--region R] [--endpoint-url URL] <service> <Operation> [Key=Value ...]
// Operation may be PascalCase or kebab-case; a Value that parses as JSON is sent as that JSON
// (lists, objects, numbers), anything else as a string. Prints the result as JSON.
#pragma once

#include <string>
#include <vector>

namespace awsr::aws {

// args are the words after "aws". Returns the process exit code (0 ok, 1 AWS error, 2 usage).
int RunAwsCommand(std::vector<std::string> args);

}  // namespace awsr::aws
