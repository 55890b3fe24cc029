#include "daemon/program/export_command.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>

#include "config/settings.h"
#include "daemon/export/account_reading.h"
#include "daemon/export/export_files.h"
#include "daemon/export/function_code_download.h"
#include "daemon/program/aws_wiring.h"
#include "daemon/program/cli.h"
#include "daemon/base/durable_file.h"

namespace awsr {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kExportUsage =
    "usage: awsreconciled export [--config PATH] [--type T]... [--region R]... [--tag K=V]...\n"
    "                            [--include-defaults] [--out DIR]\n"
    "  reads the account (every supported type, the config's region unless --region) and\n"
    "  writes desired-state files into DIR (default: the current directory) that adopt what\n"
    "  exists; resources of another owner, and AWS's defaults unless --include-defaults, are\n"
    "  left out; a Lambda function's deployed zip is downloaded into DIR/code/; an existing\n"
    "  file is never overwritten\n";

struct ExportLine {
  std::string config_path = std::string(config::kDefaultConfigPath);
  bool config_path_given = false;
  exporting::ReadRequest read;
  exporting::ExportOptions options;
  std::string out_dir = ".";
};

Result<ExportLine> ParseExportLine(const std::vector<std::string>& args) {
  ExportLine line;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--include-defaults") {
      line.options.include_made_by_aws = true;
      continue;
    }
    if (arg != "--config" && arg != "-c" && arg != "--type" && arg != "--region" &&
        arg != "--tag" && arg != "--out") {
      return MakeError(ErrorKind::kInvalidSpec, "unknown option " + arg);
    }
    if (i + 1 == args.size()) return MakeError(ErrorKind::kInvalidSpec, arg + " needs a value");
    const std::string& value = args[++i];
    if (arg == "--config" || arg == "-c") {
      line.config_path = value;
      line.config_path_given = true;
    } else if (arg == "--type") {
      line.read.types.push_back(value);
    } else if (arg == "--region") {
      line.read.regions.push_back(value);
    } else if (arg == "--out") {
      line.out_dir = value;
    } else {
      const auto equals = value.find('=');
      if (equals == std::string::npos || equals == 0)
        return MakeError(ErrorKind::kInvalidSpec, "--tag wants KEY=VALUE, got " + value);
      line.options.tags.emplace_back(value.substr(0, equals), value.substr(equals + 1));
    }
  }
  return line;
}

// Files are written only when none of them exists: an export never replaces a file.
Result<void> WriteFiles(const std::string& directory, const exporting::ExportedFiles& exported,
                        const exporting::CodeFiles& code) {
  std::vector<std::pair<std::string, std::string>> documents;
  for (const auto& [name, document] : exported.files)
    documents.emplace_back(name, document.dump(2) + "\n");
  std::vector<std::pair<fs::path, std::string_view>> contents;
  for (const auto& [name, text] : documents) contents.emplace_back(fs::path(directory) / name, text);
  for (const auto& [name, zip] : code) contents.emplace_back(fs::path(directory) / name, zip);
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return MakeError(ErrorKind::kInvalidSpec, directory + ": " + error.message());
  for (const auto& [path, content] : contents) {
    if (fs::exists(path, error))
      return MakeError(ErrorKind::kConflict,
                       path.string() + " exists; export into an empty directory (--out)");
  }
  for (const auto& [path, content] : contents) {
    fs::create_directories(path.parent_path(), error);
    if (error) return MakeError(ErrorKind::kInvalidSpec, path.parent_path().string() + ": " +
                                                             error.message());
    auto written = WriteFileDurably(path.string(), content, 0644);
    if (!written) return written.error();
  }
  return {};
}

}  // namespace

int RunExportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto line = ParseExportLine(args);
  if (!line) {
    err << "awsreconciled export: " << line.error().message << "\n" << kExportUsage;
    return kExitBadConfig;
  }
  auto settings = config::LoadSettings(line->config_path, line->config_path_given);
  if (!settings) {
    err << "awsreconciled export: " << settings.error().message << "\n";
    return kExitBadConfig;
  }
  if (line->read.regions.empty()) line->read.regions.push_back(settings->region);
  line->read.owner = line->options.owner = settings->owner;
  line->options.default_region = settings->region;

  boost::asio::io_context io;
  const std::unique_ptr<aws::AwsClient> client = MakeAwsClient(io, *settings);
  const engine::Registry registry = MakeRegistry(*client, *settings);
  for (const std::string& type : line->read.types) {
    if (registry.Find(type) == nullptr) {
      err << "awsreconciled export: --type " << type << ": not a supported type\n";
      return kExitBadConfig;
    }
  }
  auto reading = boost::asio::co_spawn(io, exporting::ReadAccount(registry, line->read),
                                       boost::asio::use_future);
  io.run();
  exporting::AccountReading read = reading.get();
  for (const std::string& failure : read.failures) err << "not read: " << failure << "\n";
  // AWS has no Code property for a function: its code is downloaded (function_code_download.h),
  // for the functions the files will hold.
  const config::TypeCatalog catalog = config::TypeCatalog::Embedded(registry.Types());
  const auto exported_function = [&](const exporting::FoundResource& function) {
    return exporting::ScreenForExport(function, line->options, catalog).verdict ==
           exporting::Screening::kKept;
  };
  aws::BeastTransport downloads(io.get_executor(), exporting::CodeDownloadSettings());
  auto fetching = boost::asio::co_spawn(
      io,
      exporting::FetchFunctionCode(*client, downloads, read.found, settings->region,
                                   exported_function),
      boost::asio::use_future);
  io.restart();
  io.run();
  exporting::CodeFiles code = fetching.get();

  const exporting::ExportedFiles exported =
      exporting::BuildExportFiles(std::move(read.found), line->options, catalog);
  for (const std::string& why : exported.left_out) err << "left out: " << why << "\n";
  code = exporting::NamedCodeFiles(std::move(code), exported);
  if (auto written = WriteFiles(line->out_dir, exported, code); !written) {
    err << "awsreconciled export: " << written.error().message << "\n";
    return kExitBadConfig;
  }
  out << "exported " << exported.resources << " resources into " << exported.files.size()
      << " files in " << line->out_dir;
  if (!code.empty()) out << ", with " << code.size() << " function zips in its code/";
  out << "\n";
  return read.failures.empty() ? kExitOk : kExitProblems;
}

}  // namespace awsr
