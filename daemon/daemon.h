// The composition root: the only place that knows every part (settings, desired files, watcher,
// API, lifecycle) and wires them on one io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "api/http_server.h"
#include "api/router.h"
#include "config/desired_set.h"
#include "config/settings.h"
#include "daemon/lifecycle.h"
#include "daemon/watch/directory_watcher.h"
#include "systemd/notifier.h"

namespace awsr {

struct DaemonOptions {
  std::string config_path;
  bool config_path_given = false;
};

class Daemon final : public api::Backend {
 public:
  Daemon(DaemonOptions options, config::Settings settings, systemd::Notifier& notifier);
  ~Daemon() override;

  // Runs until SIGTERM/SIGINT; returns the process exit code.
  int Run();

  // api::Backend
  bool Ready() const override;
  nlohmann::json Status() const override;
  nlohmann::json Files() const override;
  nlohmann::json Reload() override;

 private:
  Result<void> Start();
  void WaitForSignal();
  void LoadFiles(const std::set<std::string>& names);
  void LoadAllFiles();
  void ReloadNow();
  void BeginStop();
  // Stops the loop once nothing is in flight, or at the deadline.
  void WaitForInFlightWork(std::chrono::steady_clock::time_point deadline);
  void ArmWatchdog(std::chrono::microseconds timeout);
  std::string Summary() const;

  DaemonOptions options_;
  config::Settings settings_;
  boost::asio::io_context io_;
  Lifecycle lifecycle_;
  config::TypeCatalog catalog_;
  config::DesiredSet desired_;
  std::unique_ptr<watch::DirectoryWatcher> watcher_;
  std::string api_token_;
  std::unique_ptr<api::Router> router_;
  std::unique_ptr<api::HttpServer> server_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer watchdog_timer_;
  boost::asio::steady_timer stop_timer_;
  std::chrono::system_clock::time_point started_at_;
  std::chrono::system_clock::time_point last_load_at_{};
  std::uint64_t loads_ = 0;
  std::uint64_t loads_at_last_watchdog_ = 0;
};

}  // namespace awsr
