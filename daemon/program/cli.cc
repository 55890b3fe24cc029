#include "daemon/program/cli.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/desired_set.h"
#include "config/json_schema.h"
#include "config/settings.h"
#include "daemon/base/log.h"
#include "daemon/program/aws_command.h"
#include "daemon/program/control_commands.h"
#include "daemon/program/daemon.h"
#include "daemon/program/export_command.h"
#include "daemon/watch/directory_watcher.h"
#include "systemd/notifier.h"

namespace awsr {
namespace {

constexpr std::string_view kUsage =
    "usage: awsreconciled [run] [--config PATH]\n"
    "       awsreconciled validate [DIR] [--config PATH]\n"
    "       awsreconciled aws SERVICE OPERATION [Key=Value ...]\n"
    "       awsreconciled schema | types\n"
    "       awsreconciled export [--type T]... [--region R]... [--tag K=V]... [--out DIR]\n"
    "       awsreconciled status | get resources [ID] | get files | get events | plan\n"
    "                     | reconcile [ID] | approve | reload | events [--follow]\n"
    "                     [-o table|json|name] [--api http://HOST:PORT --token-file F]\n"
    "       awsreconciled --version\n"
    "\n"
    "  run        keep AWS equal to the desired-state files (the default)\n"
    "  validate   check the config and the desired-state files in DIR (default: desired_dir)\n"
    "             offline; print every problem; exit 0 when clean, 1 otherwise\n"
    "  aws        call one AWS operation with the daemon's client and print the JSON answer\n"
    "  schema     print the JSON Schema of desired-state files (for editors)\n"
    "  types      print the supported resource types, one per line\n"
    "  export     write desired-state files that adopt what exists in the account\n"
    "  status ... ask the running daemon over its control API (the config's unix socket, or\n"
    "             --api); `plan` exits 2 when there are changes to make\n";

// The command: the first argument that is neither an option nor --config's value.
std::string_view CommandOf(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" || args[i] == "-c") {
      ++i;
    } else if (!args[i].starts_with("-")) {
      return args[i];
    }
  }
  return "";
}

struct CommandLine {
  std::string command = "run";
  std::vector<std::string> operands;
  std::string config_path = std::string(config::kDefaultConfigPath);
  bool config_path_given = false;
};

Result<CommandLine> ParseCommandLine(const std::vector<std::string>& args) {
  CommandLine line;
  bool command_seen = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--config" || arg == "-c") {
      if (i + 1 == args.size()) return MakeError(ErrorKind::kInvalidSpec, "--config needs a path");
      line.config_path = args[++i];
      line.config_path_given = true;
    } else if (arg.starts_with("--config=")) {
      line.config_path = arg.substr(9);
      line.config_path_given = true;
    } else if (arg == "--help" || arg == "-h" || arg == "--version") {
      line.command = arg;
    } else if (arg.starts_with("-")) {
      return MakeError(ErrorKind::kInvalidSpec, "unknown option " + arg);
    } else if (!command_seen) {
      line.command = arg;
      command_seen = true;
    } else {
      line.operands.push_back(arg);
    }
  }
  return line;
}

int RunDaemon(const CommandLine& line, std::ostream& err) {
  auto settings = config::LoadSettings(line.config_path, line.config_path_given);
  if (!settings) {
    err << "awsreconciled: " << settings.error().message << "\n";
    return kExitBadConfig;
  }
  log::Init(settings->log_level, systemd::StderrIsJournal());
  systemd::SdNotifier notifier;
  auto lease = config::LoadLeaseSettings(line.config_path, line.config_path_given);
  if (!lease) {
    err << "awsreconciled: " << lease.error().message << "\n";
    return kExitBadConfig;
  }
  Daemon daemon({line.config_path, line.config_path_given, *lease}, *settings, notifier);
  return daemon.Run();
}

int Validate(const CommandLine& line, std::ostream& out) {
  auto settings = config::LoadSettings(line.config_path, line.config_path_given);
  if (!settings) {
    out << settings.error().message << "\n";
    return kExitProblems;
  }
  const std::string directory = line.operands.empty() ? settings->desired_dir : line.operands[0];
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    out << directory << ": not a directory\n";
    return kExitProblems;
  }
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (watch::IsDesiredFileName(name) && entry.is_regular_file(error)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  const auto catalog = config::TypeCatalog::Embedded(Daemon::SupportedTypes());
  std::map<std::string, std::string> texts;
  for (const auto& name : names) {
    std::ifstream file(fs::path(directory) / name, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    texts[name] = text.str();
  }
  const auto problems = config::ValidateFiles(texts, catalog);
  for (const auto& problem : problems) out << problem.ToString() << "\n";
  out << names.size() << " files, " << problems.size() << " problems\n";
  return problems.empty() ? kExitOk : kExitProblems;
}

}  // namespace

int RunCommandLine(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  // `aws` takes its own options; everything after it is its.
  if (!args.empty() && args[0] == "aws") {
    return aws::RunAwsCommand(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  if (!args.empty() && args[0] == "export") {
    return RunExportCommand(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
  }
  if (IsControlCommand(CommandOf(args))) {
    return RunControlCommand(args, out, err, isatty(STDOUT_FILENO) == 1);
  }
  auto line = ParseCommandLine(args);
  if (!line) {
    err << "awsreconciled: " << line.error().message << "\n" << kUsage;
    return kExitBadConfig;
  }
  if (line->command == "--help" || line->command == "-h") {
    out << kUsage;
    return kExitOk;
  }
  if (line->command == "--version") {
    out << "awsreconciled " << AWSR_VERSION << "\n";
    return kExitOk;
  }
  if (line->command == "run") return RunDaemon(*line, err);
  if (line->command == "validate") return Validate(*line, out);
  if (line->command == "schema" || line->command == "types") {
    const auto catalog = config::TypeCatalog::Embedded(Daemon::SupportedTypes());
    if (line->command == "schema") {
      out << config::DesiredFileJsonSchema(catalog).dump(2) << "\n";
    } else {
      for (const auto& type : catalog.TypeNames()) out << type << "\n";
    }
    return kExitOk;
  }
  err << "awsreconciled: unknown command " << line->command << "\n" << kUsage;
  return kExitBadConfig;
}

}  // namespace awsr
