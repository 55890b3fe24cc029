// The composition root: the only place that knows every part (settings, AWS client, the
// reconcilers, engine, desired files, watcher, API, lifecycle) and wires them on one io_context.
// The API's connections have a thread of their own: status and the resource list are answered
// there from what the loop last published (PublishSnapshot), never waiting for a cycle; other
// requests are handed to the loop.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "api/http_server.h"
#include "api/router.h"
#include "config/desired_set.h"
#include "config/lease_settings.h"
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
namespace lease {
class LeaseKeeper;
}

struct DaemonOptions {
  std::string config_path;
  bool config_path_given = false;
  // Read at start only (docs/high-availability.md); no store: no lease, always active.
  config::LeaseSettings lease;
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
  std::string Status() const override;
  nlohmann::json Files() const override;
  nlohmann::json Reload() override;
  api::SharedText Resources(const std::map<std::string, std::string>& filters) const override;
  std::optional<nlohmann::json> Resource(std::string_view logical_id) const override;
  nlohmann::json Plan() const override;
  api::EventTexts Events(std::uint64_t after) const override;
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
  std::string Summary(const engine::StatusCounts& counts) const;
  std::string Summary() { return Summary(store_.Publish()->counts); }
  nlohmann::json StatusJson(const engine::StatusSnapshot& statuses) const;
  // Publishes what the API's thread answers from: the statuses and the status document.
  void PublishSnapshot();
  void StopApiThread();
  // The lease keeper changed this daemon's role: the engine writes or only plans from now on.
  void OnLeaseRole(bool active);
  engine::EngineSettings EngineSettingsFrom(const config::Settings& settings) const;

  DaemonOptions options_;
  config::Settings settings_;
  boost::asio::io_context io_;
  // The API's thread and its loop; declared early so that it outlives what its handlers touch.
  boost::asio::io_context api_io_;
  std::thread api_thread_;
  Lifecycle lifecycle_;
  // With a lease: its own AWS client (never fenced), and the keeper, which is also the write
  // fence of aws_. Declared before aws_, which is built with the fence.
  std::unique_ptr<aws::AwsClient> lease_client_;
  std::shared_ptr<lease::LeaseKeeper> lease_;
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
  bool abandoned_work_ = false;  // the stop deadline passed with work still in flight
  std::chrono::system_clock::time_point started_at_;
  std::chrono::system_clock::time_point last_load_at_{};
  std::uint64_t progress_at_last_watchdog_ = 0;
  // A hash of each desired file's last text read, so rescans log only what changed.
  std::map<std::string, std::size_t> read_hashes_;
  // What the API's thread reads: published by the loop after each step that changed a status
  // (the store's OnChange), after each load, and every few seconds.
  struct ApiView {
    bool ready = false;
    std::string status_text;  // GET /v1/status
    std::shared_ptr<const engine::StatusSnapshot> statuses;
  };
  std::atomic<std::shared_ptr<const ApiView>> view_{std::make_shared<const ApiView>()};
};

}  // namespace awsr
