#include "daemon/daemon.h"

#include <signal.h>
#include <time.h>

#include <boost/asio/post.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/log.h"

namespace awsr {
namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

// A desired-state file larger than this is refused rather than read.
constexpr std::uintmax_t kMaxFileBytes = 8 << 20;
// Changes are reported at most this long after they settle.
constexpr auto kWatchQuietPeriod = std::chrono::milliseconds(50);
// In-flight work gets this long to finish after SIGTERM.
constexpr auto kStopDeadline = std::chrono::seconds(20);

std::string Iso8601(std::chrono::system_clock::time_point time) {
  if (time == std::chrono::system_clock::time_point{}) return "";
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::chrono::microseconds MonotonicNow() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::chrono::seconds(now.tv_sec) +
         std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::nanoseconds(now.tv_nsec));
}

// Reads one desired file; nullopt when it is gone (deleted or renamed away).
std::optional<Result<std::string>> ReadDesiredFile(const fs::path& path) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) return std::nullopt;
  if (size > kMaxFileBytes) {
    return Result<std::string>(MakeError(
        ErrorKind::kInvalidSpec, "file is " + std::to_string(size) + " bytes, over the 8 MiB limit"));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::stringstream text;
  text << file.rdbuf();
  return Result<std::string>(text.str());
}

Result<std::string> ReadToken(const std::string& path) {
  if (path.empty()) return std::string();
  std::ifstream file(path);
  std::string token;
  if (!file || !std::getline(file, token) || token.empty()) {
    return MakeError(ErrorKind::kInvalidSpec, "config key /api/token_file: cannot read a token from " + path);
  }
  return token;
}

}  // namespace

Daemon::Daemon(DaemonOptions options, config::Settings settings, systemd::Notifier& notifier)
    : options_(std::move(options)),
      settings_(std::move(settings)),
      lifecycle_(notifier),
      catalog_(config::TypeCatalog::Embedded()),
      desired_(catalog_),
      signals_(io_, SIGTERM, SIGINT, SIGHUP),
      watchdog_timer_(io_),
      stop_timer_(io_),
      started_at_(std::chrono::system_clock::now()) {}

Daemon::~Daemon() = default;

int Daemon::Run() {
  if (auto started = Start(); !started) {
    log::Error({}, "{}", started.error().message);
    return 2;
  }
  io_.run();
  log::Info({}, "stopped");
  return 0;
}

Result<void> Daemon::Start() {
  auto token = ReadToken(settings_.api.token_file);
  if (!token) return token.error();
  api_token_ = *token;

  std::error_code fs_error;
  if (!fs::is_directory(settings_.desired_dir, fs_error)) {
    return MakeError(ErrorKind::kInvalidSpec,
                     "config key /desired_dir: " + settings_.desired_dir + " is not a directory");
  }
  watcher_ = std::make_unique<watch::DirectoryWatcher>(
      io_.get_executor(), settings_.desired_dir, kWatchQuietPeriod,
      [this](std::set<std::string> changed) {
        if (changed.empty()) {
          LoadAllFiles();
        } else {
          LoadFiles(changed);
        }
      });
  if (auto watching = watcher_->Start(); !watching) return watching.error();

  router_ = std::make_unique<api::Router>(*this, api_token_);
  server_ = std::make_unique<api::HttpServer>(io_.get_executor(), *router_);
  if (!settings_.api.unix_socket.empty()) {
    if (auto listening = server_->ListenUnix(settings_.api.unix_socket); !listening) {
      return listening.error();
    }
    log::Info({}, "api listening on unix:{}", settings_.api.unix_socket);
  }
  if (!settings_.api.tcp.empty()) {
    auto port = server_->ListenTcp(settings_.api.tcp);
    if (!port) return port.error();
    log::Info({}, "api listening on tcp:{} (port {})", settings_.api.tcp, *port);
  }

  LoadAllFiles();
  WaitForSignal();
  if (auto timeout = systemd::WatchdogTimeout()) ArmWatchdog(*timeout);
  lifecycle_.LoadFinished(Summary());
  log::Info({}, "ready: {}", Summary());
  return {};
}

void Daemon::WaitForSignal() {
  signals_.async_wait([this](boost::system::error_code error, int signal_number) {
    if (error) return;
    if (signal_number == SIGHUP) {
      ReloadNow();
      WaitForSignal();
    } else {
      log::Info({}, "signal {}: stopping", signal_number);
      BeginStop();
    }
  });
}

void Daemon::LoadFiles(const std::set<std::string>& names) {
  for (const auto& name : names) {
    const fs::path path = fs::path(settings_.desired_dir) / name;
    auto text = ReadDesiredFile(path);
    if (!text) {
      desired_.RemoveFile(name);
      log::Info({}, "desired file {} removed", name);
      continue;
    }
    if (!*text) {
      log::Warn({}, "desired file {} skipped: {}", name, text->error().message);
      continue;
    }
    desired_.UpdateFile(name, **text, std::chrono::system_clock::now());
    log::Info({}, "desired file {} loaded", name);
  }
  for (const auto& problem : desired_.Problems()) log::Warn({}, "{}", problem.ToString());
  last_load_at_ = std::chrono::system_clock::now();
  ++loads_;
  lifecycle_.SetStatus(Summary());
}

void Daemon::LoadAllFiles() {
  std::set<std::string> names;
  for (const auto& known : desired_.Files()) names.insert(known.name);  // catches deletions
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(settings_.desired_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (watch::IsDesiredFileName(name) && entry.is_regular_file(error)) names.insert(name);
  }
  LoadFiles(names);
}

nlohmann::json Daemon::Reload() {
  asio::post(io_, [this] { ReloadNow(); });
  return {{"reload", "started"}};
}

void Daemon::ReloadNow() {
  if (lifecycle_.phase() != Phase::kReady) return;
  lifecycle_.ReloadStarted(MonotonicNow());
  auto settings = config::LoadSettings(options_.config_path, options_.config_path_given);
  if (!settings) {
    log::Error({}, "reload: keeping the running configuration: {}", settings.error().message);
  } else {
    if (settings->api.unix_socket != settings_.api.unix_socket || settings->api.tcp != settings_.api.tcp ||
        settings->desired_dir != settings_.desired_dir) {
      log::Warn({}, "reload: api and desired_dir changes take effect at the next start");
      settings->api = settings_.api;
      settings->desired_dir = settings_.desired_dir;
    }
    settings_ = *settings;
    log::SetLevel(settings_.log_level);
  }
  LoadAllFiles();
  lifecycle_.ReloadFinished(Summary());
  log::Info({}, "reloaded: {}", Summary());
}

void Daemon::BeginStop() {
  if (lifecycle_.phase() == Phase::kStopping) return;
  lifecycle_.StopStarted();
  signals_.cancel();
  watchdog_timer_.cancel();
  if (watcher_) watcher_->Stop();
  if (server_) server_->Stop();
  WaitForInFlightWork(std::chrono::steady_clock::now() + kStopDeadline);
}

void Daemon::WaitForInFlightWork(std::chrono::steady_clock::time_point deadline) {
  const bool idle = !server_ || server_->BusySessions() == 0;
  if (idle || std::chrono::steady_clock::now() >= deadline) {
    if (!idle) log::Warn({}, "stop deadline reached: abandoning in-flight work");
    io_.stop();
    return;
  }
  stop_timer_.expires_after(std::chrono::milliseconds(20));
  stop_timer_.async_wait([this, deadline](boost::system::error_code error) {
    if (!error) WaitForInFlightWork(deadline);
  });
}

void Daemon::ArmWatchdog(std::chrono::microseconds timeout) {
  watchdog_timer_.expires_after(timeout / 2);
  watchdog_timer_.async_wait([this, timeout](boost::system::error_code error) {
    if (error) return;
    // The loop is alive if this runs; the engine's progress joins here when it exists.
    lifecycle_.WatchdogTick(true);
    ArmWatchdog(timeout);
  });
}

bool Daemon::Ready() const { return lifecycle_.phase() != Phase::kStarting; }

std::string Daemon::Summary() const {
  const auto files = desired_.Files();
  std::size_t bad = 0;
  for (const auto& file : files) bad += file.state == config::FileState::kOk ? 0 : 1;
  std::string summary = std::to_string(files.size()) + " files (" + std::to_string(bad) +
                        " with errors), " + std::to_string(desired_.Resources().size()) +
                        " resources, mode " + std::string(config::ToString(settings_.mode));
  return summary;
}

nlohmann::json Daemon::Status() const {
  const auto files = desired_.Files();
  std::size_t bad = 0;
  for (const auto& file : files) bad += file.state == config::FileState::kOk ? 0 : 1;
  return {
      {"version", AWSR_VERSION},
      {"phase", ToString(lifecycle_.phase())},
      {"summary", Summary()},
      {"mode", config::ToString(settings_.mode)},
      {"owner", settings_.owner},
      {"region", settings_.region},
      {"desired_dir", settings_.desired_dir},
      {"started_at", Iso8601(started_at_)},
      {"last_load_at", Iso8601(last_load_at_)},
      {"poll_interval_seconds",
       std::chrono::duration_cast<std::chrono::seconds>(settings_.poll_interval).count()},
      {"files", {{"total", files.size()}, {"with_errors", bad}}},
      {"resources", {{"total", desired_.Resources().size()}}},
      {"schema", catalog_.Source()},
  };
}

nlohmann::json Daemon::Files() const {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : desired_.Files()) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& problem : file.problems) {
      problems.push_back({{"pointer", problem.pointer}, {"message", problem.message}});
    }
    files.push_back({{"name", file.name},
                     {"state", config::ToString(file.state)},
                     {"resources", file.resource_count},
                     {"problems", problems},
                     {"loaded_at", Iso8601(file.loaded_at)}});
  }
  return {{"directory", settings_.desired_dir}, {"files", files}};
}

}  // namespace awsr
