// awsreconciled's entry point: picks the subcommand; the daemon itself lives in daemon.cc.
#include <iostream>
#include <string>
#include <vector>

#include "daemon/program/cli.h"

int main(int argc, char** argv) {
  return awsr::RunCommandLine(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                              std::cerr);
}
