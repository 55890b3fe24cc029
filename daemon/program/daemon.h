// The composition root: the only place that knows every part (settings, AWS client, the
// reconcilers, engine, desired files, watcher, API, lifecycle) and wires them on one io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "api/http_server.h"
#include "api/router.h"
#include "config/desired_set.h"
#include "config/settings.h"
#include "daemon/aws/aws_client.h"
#include "daemon/engine/engine.h"
#include "daemon/engine/registry.h"
#include "daemon/engine/status_store.h"
#include "daemon/program/account_clients.h"
#include "daemon/program/lifecycle.h"
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
  // The resource types a reconciler exists for (what `validate` accepts).
  static std::set<std::string> SupportedTypes();

  // api::Backend (daemon_api.cc)
  bool Ready() const override;
  nlohmann::json Status() const override;
  nlohmann::json Files() const override;
  nlohmann::json Reload() override;
  nlohmann::json Resources(const std::map<std::string, std::string>& filters) const override;
  std::optional<nlohmann::json> Resource(std::string_view logical_id) const override;
  nlohmann::json Plan() const override;
  nlohmann::json Events(std::uint64_t after) const override;
  std::optional<nlohmann::json> Reconcile(std::optional<std::string> logical_id) override;
  nlohmann::json ApproveDeletions() override;
  std::string Metrics() const override;
  int SubscribeEvents(std::function<void(const nlohmann::json&)> listener) override;
  void UnsubscribeEvents(int id) override;

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
  void ArmStatusUpdates();
  std::string Summary() const;
  engine::EngineSettings EngineSettingsFrom(const config::Settings& settings) const;

  DaemonOptions options_;
  config::Settings settings_;
  boost::asio::io_context io_;
  Lifecycle lifecycle_;
  std::unique_ptr<aws::AwsClient> aws_;
  engine::Registry registry_;
  config::TypeCatalog catalog_;
  config::DesiredSet desired_;
  engine::StatusStore store_;
  // The clients of the accounts files name by RoleArn; outlive the engine's registries of them.
  std::unique_ptr<AccountClients> account_clients_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<watch::DirectoryWatcher> watcher_;
  std::string api_token_;
  std::unique_ptr<api::Router> router_;
  std::unique_ptr<api::HttpServer> server_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer watchdog_timer_;
  boost::asio::steady_timer status_timer_;
  boost::asio::steady_timer stop_timer_;
  std::chrono::system_clock::time_point started_at_;
  std::chrono::system_clock::time_point last_load_at_{};
  std::uint64_t progress_at_last_watchdog_ = 0;
  // A hash of each desired file's last text read, so rescans log only what changed.
  std::map<std::string, std::size_t> read_hashes_;
  // GET /v1/resources without filters, as rendered at a store generation: at 10,000 resources
  // rendering costs far more than answering, and clients poll far more often than a status
  // changes.
  mutable std::optional<std::pair<std::uint64_t, nlohmann::json>> all_resources_;
};

}  // namespace awsr
