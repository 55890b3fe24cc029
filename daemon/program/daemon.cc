#include "daemon/program/daemon.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <boost/asio/post.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "daemon/base/log.h"
#include "daemon/lease/dynamodb_lease.h"
#include "daemon/lease/etcd_lease.h"
#include "daemon/lease/lease_keeper.h"
#include "daemon/program/account_clients.h"
#include "daemon/program/aws_wiring.h"
#include "daemon/program/local_files.h"

namespace awsr {
namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

// In-flight work gets this long to finish after SIGTERM.
constexpr auto kStopDeadline = std::chrono::seconds(20);

std::chrono::microseconds MonotonicNow() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::duration_cast<std::chrono::microseconds>(
                                                std::chrono::nanoseconds(now.tv_nsec));
}

// The DynamoDB lease's own client: in the table's region, and never fenced.
std::unique_ptr<aws::AwsClient> MakeLeaseClient(asio::io_context& io,
                                                const config::Settings& settings,
                                                const config::LeaseSettings& lease) {
  if (lease.store != "dynamodb") return nullptr;
  config::Settings lease_settings = settings;
  if (!lease.region.empty()) lease_settings.region = lease.region;
  return MakeAwsClient(io, lease_settings);
}

// The store the config names; `client` is MakeLeaseClient's.
std::unique_ptr<lease::LeaseStore> MakeLeaseStore(asio::io_context& io,
                                                  const config::Settings& settings,
                                                  const config::LeaseSettings& lease,
                                                  aws::AwsClient* client) {
  if (lease.store == "etcd") return lease::MakeEtcdLease(io.get_executor(), lease, settings.owner);
  return std::make_unique<lease::DynamoDbLease>(
      *client, lease.table, lease.region.empty() ? settings.region : lease.region, settings.owner);
}

// The soft descriptor limit is often 1024 while the hard one is far higher: the API caps its own
// connections well below the limit, and the rest (AWS connections, the status file, desired
// files) needs the room. Under systemd the unit's LimitNOFILE= does this; setrlimit may be
// filtered there, which is fine.
void RaiseDescriptorLimit() {
  constexpr rlim_t kEnough = 65536;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = std::min(limit.rlim_max, kEnough);
  if (limit.rlim_cur >= wanted) return;
  const rlim_t before = limit.rlim_cur;
  limit.rlim_cur = wanted;
  if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) {
    log::Debug({}, "open files limit raised from {} to {}", before, wanted);
  }
}

// AWS::AccountId, from the credentials in use.
asio::awaitable<Result<std::string>> CallerAccount(aws::AwsClient* client) {
  auto identity = co_await client->Call(aws::CallRequest("sts", "GetCallerIdentity"));
  if (!identity) co_return identity.error();
  const auto& account = identity->data["Account"];
  if (!account.is_string())
    co_return MakeError(ErrorKind::kInternal, "GetCallerIdentity without Account");
  co_return account.get<std::string>();
}

}  // namespace

Daemon::Daemon(DaemonOptions options, config::Settings settings, systemd::Notifier& notifier)
    : options_(std::move(options)),
      settings_(std::move(settings)),
      lifecycle_(notifier),
      lease_client_(MakeLeaseClient(io_, settings_, options_.lease)),
      lease_(options_.lease.enabled()
                 ? std::make_shared<lease::LeaseKeeper>(
                       io_.get_executor(),
                       MakeLeaseStore(io_, settings_, options_.lease, lease_client_.get()),
                       options_.lease, [this](bool active) { OnLeaseRole(active); },
                       [this](std::string action, std::string message) {
                         store_.Record({0, engine::WallClock::now(), "", "lease", std::move(action),
                                        std::move(message)});
                       })
                 : nullptr),
      aws_(MakeAwsClient(io_, settings_, lease_)),
      registry_(MakeRegistry(*aws_, settings_)),
      catalog_(config::TypeCatalog::Embedded(registry_.Types())),
      desired_(catalog_),
      store_(settings_.state_dir),
      account_clients_(std::make_unique<AccountClients>(io_, settings_, lease_)),
      signals_(io_, SIGTERM, SIGINT, SIGHUP),
      watchdog_timer_(io_),
      status_timer_(io_),
      stop_timer_(io_),
      started_at_(std::chrono::system_clock::now()) {
  engine_ = std::make_unique<engine::Engine>(
      io_.get_executor(), registry_, catalog_, store_, EngineSettingsFrom(settings_),
      [client = aws_.get()] { return CallerAccount(client); },
      [clients = account_clients_.get()](const config::AccountTarget& target) {
        return clients->MakeRegistry(target);
      });
  // Resource events say under which lease epoch they were written.
  if (lease_) store_.StampLeaseEpoch([lease = lease_.get()] { return lease->ActiveEpoch(); });
  // Once per change, after the step that made it (the loop runs the post when that step yields).
  store_.OnChange([this] { asio::post(io_, [this] { PublishSnapshot(); }); });
}

std::set<std::string> Daemon::SupportedTypes() {
  asio::io_context io;
  auto client = MakeAwsClient(io, config::Settings{});
  return MakeRegistry(*client, config::Settings{}).Types();
}

engine::EngineSettings Daemon::EngineSettingsFrom(const config::Settings& settings) const {
  engine::EngineSettings engine_settings;
  engine_settings.owner = settings.owner;
  engine_settings.default_region = settings.region;
  // A standby observes and plans; only the lease's holder writes.
  engine_settings.mode = lease_ && !lease_->Active() ? config::Mode::kPlan : settings.mode;
  engine_settings.max_deletions_per_cycle = settings.max_deletions_per_cycle;
  engine_settings.detail_reads = {settings.detail_reads.per_cycle,
                                  settings.detail_reads.per_service};
  engine_settings.global_concurrency = settings.concurrency.global;
  engine_settings.per_service_concurrency = settings.concurrency.per_service;
  engine_settings.poll_interval = settings.poll_interval;
  engine_settings.consistency_grace = settings.consistency_grace;
  return engine_settings;
}

Daemon::~Daemon() { StopApiThread(); }

void Daemon::StopApiThread() {
  api_io_.stop();
  if (api_thread_.joinable()) api_thread_.join();
}

int Daemon::Run() {
  if (auto started = Start(); !started) {
    log::Error({}, "{}", started.error().message);
    return 2;
  }
  io_.run();
  StopApiThread();
  // A stop that gave up on a cycle at the deadline (an AWS call that does not answer) keeps
  // what that cycle did before it: the statuses and events since its last save.
  if (auto saved = store_.Save(); !saved) {
    log::Warn({}, "cannot save status: {}", saved.error().message);
  }
  log::Info({}, "stopped");
  if (abandoned_work_) {
    // The abandoned work's coroutines still hold permits of the engine's semaphores: destroyed
    // with the loop, after the engine, they would touch freed memory. A process that gave up
    // on that work leaves without unwinding it.
    std::fflush(nullptr);
    std::_Exit(0);
  }
  return 0;
}

Result<void> Daemon::Start() {
  RaiseDescriptorLimit();
  auto token = ReadTokenFile(settings_.api.token_file);
  if (!token) return token.error();
  api_token_ = *token;

  std::error_code fs_error;
  if (!fs::is_directory(settings_.state_dir, fs_error) &&
      !fs::create_directories(settings_.state_dir, fs_error)) {
    return MakeError(ErrorKind::kInvalidSpec, "config key /state_dir: cannot create " +
                                                  settings_.state_dir + ": " + fs_error.message());
  }
  if (auto loaded = store_.Load(); !loaded) log::Warn({}, "{}", loaded.error().message);
  if (!fs::is_directory(settings_.desired_dir, fs_error)) {
    return MakeError(ErrorKind::kInvalidSpec,
                     "config key /desired_dir: " + settings_.desired_dir + " is not a directory");
  }
  watcher_ = std::make_unique<watch::DirectoryWatcher>(io_.get_executor(), settings_.desired_dir,
                                                       watch::WatchTimings{},
                                                       [this](std::set<std::string> changed) {
                                                         if (changed.empty()) {
                                                           LoadAllFiles();
                                                         } else {
                                                           LoadFiles(changed);
                                                         }
                                                       });
  if (auto watching = watcher_->Start(); !watching) return watching.error();

  router_ = std::make_unique<api::Router>(*this, api_token_);
  server_ = std::make_unique<api::HttpServer>(api_io_.get_executor(), *router_, api::ServerLimits{},
                                              io_.get_executor());
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
  if (lease_) lease_->Start();
  engine_->Start();
  if (auto timeout = systemd::WatchdogTimeout()) ArmWatchdog(*timeout);
  lifecycle_.LoadFinished(Summary());
  ArmStatusUpdates();
  PublishSnapshot();
  api_thread_ = std::thread([this] { api_io_.run(); });
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
  using Outcome = LocalFileRead::Outcome;
  // A missing desired_dir (unmounted, or mid-replacement) is an accident far more often than a
  // wish to remove everything: its files count as unreadable until it is back.
  struct stat directory {};
  const bool directory_missing =
      ::stat(settings_.desired_dir.c_str(), &directory) != 0 || !S_ISDIR(directory.st_mode);
  std::vector<config::DesiredSet::FileUpdate> updates;
  for (const auto& name : names) {
    LocalFileRead read =
        directory_missing
            ? LocalFileRead{Outcome::kUnreadable,
                            "desired_dir " + settings_.desired_dir + " is not a directory now"}
            : ReadLocalFile(fs::path(settings_.desired_dir) / name, kMaxDesiredFileBytes);
    switch (read.outcome) {
      case Outcome::kGone:
        read_hashes_.erase(name);
        updates.push_back({name, std::nullopt, ""});
        log::Info({}, "desired file {} removed", name);
        break;
      case Outcome::kUnreadable:
        read_hashes_.erase(name);
        log::Warn({}, "desired file {} cannot be read, its last good version stays: {}", name,
                  read.text_or_reason);
        updates.push_back({name, std::nullopt, std::move(read.text_or_reason)});
        break;
      case Outcome::kText: {
        // Rescans read every file again: only a new text is worth a line in the journal.
        const std::size_t hash = std::hash<std::string>{}(read.text_or_reason);
        if (auto [seen, added] = read_hashes_.try_emplace(name, hash);
            added || seen->second != hash) {
          seen->second = hash;
          log::Info({}, "desired file {} loaded", name);
        }
        updates.push_back({name, std::move(read.text_or_reason), ""});
        break;
      }
    }
  }
  desired_.Update(updates, std::chrono::system_clock::now());
  for (const auto& problem : desired_.Problems()) log::Warn({}, "{}", problem.ToString());
  last_load_at_ = std::chrono::system_clock::now();
  engine_->SetDesired(desired_.SharedResources());
  store_.SetDesired(desired_.SharedResources());
  lifecycle_.SetStatus(Summary());
  PublishSnapshot();
}

void Daemon::LoadAllFiles() {
  std::set<std::string> names;
  for (const auto& known : desired_.Files()) names.insert(known.name);  // catches deletions
  std::error_code error;
  fs::directory_iterator entries(settings_.desired_dir, error);
  for (; !error && entries != fs::directory_iterator(); entries.increment(error)) {
    const std::string name = entries->path().filename().string();
    std::error_code type_error;
    if (watch::IsDesiredFileName(name) && entries->is_regular_file(type_error)) names.insert(name);
  }
  // Files known before stay in `names`: each is read, and only "no such file" removes one.
  if (error)
    log::Warn({}, "cannot list desired_dir {}: {}", settings_.desired_dir, error.message());
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
    if (settings->api.unix_socket != settings_.api.unix_socket ||
        settings->api.tcp != settings_.api.tcp || settings->desired_dir != settings_.desired_dir) {
      log::Warn({}, "reload: api and desired_dir changes take effect at the next start");
      settings->api = settings_.api;
      settings->desired_dir = settings_.desired_dir;
    }
    settings_ = *settings;
    log::SetLevel(settings_.log_level);
    engine_->Configure(EngineSettingsFrom(settings_));
  }
  // The token is read again, so a leaked one can be replaced without a restart.
  if (auto token = ReadTokenFile(settings_.api.token_file); !token) {
    log::Error({}, "reload: keeping the API token in use: {}", token.error().message);
  } else if (*token != api_token_) {
    api_token_ = *token;
    router_->set_token(api_token_);
    log::Info({}, "reload: API token replaced");
  }
  LoadAllFiles();
  lifecycle_.ReloadFinished(Summary());
  PublishSnapshot();
  log::Info({}, "reloaded: {}", Summary());
}

void Daemon::BeginStop() {
  if (lifecycle_.phase() == Phase::kStopping) return;
  lifecycle_.StopStarted();
  signals_.cancel();
  watchdog_timer_.cancel();
  status_timer_.cancel();
  engine_->Stop();
  if (lease_) lease_->Stop();
  if (watcher_) watcher_->Stop();
  if (server_) server_->Stop();
  PublishSnapshot();
  WaitForInFlightWork(std::chrono::steady_clock::now() + kStopDeadline);
}

void Daemon::WaitForInFlightWork(std::chrono::steady_clock::time_point deadline) {
  bool idle = (!server_ || server_->BusySessions() == 0) && engine_->Idle();
  // The lease goes only once nothing writes any more; a standby then takes over at once.
  if (idle && lease_) {
    lease_->Release();
    idle = lease_->Done();
  }
  if (idle || std::chrono::steady_clock::now() >= deadline) {
    if (!idle) {
      log::Warn({}, "stop deadline reached: abandoning in-flight work");
      abandoned_work_ = true;
    }
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
    // Fed only while the engine moves: idle between cycles, or finishing passes.
    const bool progressed = engine_->Progress() != progress_at_last_watchdog_;
    progress_at_last_watchdog_ = engine_->Progress();
    lifecycle_.WatchdogTick(progressed || engine_->Idle());
    ArmWatchdog(timeout);
  });
}

void Daemon::OnLeaseRole(bool /*active*/) {
  // Configure also starts a full cycle: a new active daemon converges at once.
  engine_->Configure(EngineSettingsFrom(settings_));
  lifecycle_.SetStatus(Summary());
}

void Daemon::ArmStatusUpdates() {
  // STATUS= is a summary for `systemctl status`, not a feed: at most one every few seconds.
  status_timer_.expires_after(std::chrono::seconds(5));
  status_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    lifecycle_.SetStatus(Summary());  // sent only when it changed
    PublishSnapshot();                // the next cycle's time, when nothing else changed
    ArmStatusUpdates();
  });
}

}  // namespace awsr
