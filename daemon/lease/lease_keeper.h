// Holds the lease for this daemon: tries to take or renew it every third of its TTL, tells the
// daemon when its role changes (active: writes; standby: observes and plans), and is the write
// fence. The fence is open only while the last successful renewal *started* less than TTL minus
// the safety margin ago on the monotonic clock: the store's expiry was computed from that moment,
// and a process paused past it (SIGSTOP, a frozen VM) finds the fence closed before it has even
// asked the store again.
//
// Header-only for now: only the daemon's composition root and its tests include it.
#pragma once

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "api/metrics.h"
#include "config/lease_settings.h"
#include "daemon/aws/write_fence.h"
#include "daemon/base/log.h"
#include "daemon/engine/status.h"
#include "daemon/lease/lease_store.h"

namespace awsr::lease {

// host:pid:random, unique across restarts and hosts; a configured holder id wins.
inline std::string DefaultHolderId() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  std::mt19937_64 random{std::random_device{}()};
  char suffix[9];
  std::snprintf(suffix, sizeof(suffix), "%08x", static_cast<unsigned>(random() & 0xffffffffu));
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + suffix;
}

class LeaseKeeper final : public aws::WriteFence {
 public:
  using SteadyClock = std::chrono::steady_clock;
  // active: this daemon may write now (true) or must only plan (false).
  using RoleListener = std::function<void(bool active)>;
  // An event for /v1/events: action ("lease-acquired", "lease-lost", "lease-released") and text.
  using EventSink = std::function<void(std::string action, std::string message)>;

  LeaseKeeper(boost::asio::any_io_executor executor, std::unique_ptr<LeaseStore> store,
              config::LeaseSettings settings, RoleListener on_role, EventSink on_event)
      : executor_(executor),
        store_(std::move(store)),
        settings_(std::move(settings)),
        holder_(settings_.holder.empty() ? DefaultHolderId() : settings_.holder),
        on_role_(std::move(on_role)),
        on_event_(std::move(on_event)),
        timer_(executor) {}

  void Start() {
    log::Info({}, "lease: holder {} competing in {} {} (ttl {} ms, margin {} ms)", holder_,
              settings_.store, store_->Where().dump(), settings_.ttl.count(),
              settings_.safety_margin.count());
    boost::asio::co_spawn(executor_, Loop(), [](std::exception_ptr failure) {
      if (!failure) return;
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        log::Error({}, "lease loop stopped: {}", e.what());
      }
    });
  }

  // No more renewals; the term runs on until Release() or its expiry.
  void Stop() {
    stopping_ = true;
    timer_.cancel();
  }

  // Gives the lease up (call once nothing writes any more), so a standby need not wait for the
  // TTL. Done() turns true when the store answered, or at once when this daemon held nothing.
  void Release() {
    if (release_started_) return;
    release_started_ = true;
    if (!active_) {
      released_ = true;
      return;
    }
    SetActive(false, "lease-released", "released the lease at epoch " + std::to_string(epoch_));
    boost::asio::co_spawn(executor_, ReleaseNow(),
                          [this](std::exception_ptr) { released_ = true; });
  }
  bool Done() const { return released_ && !in_attempt_; }

  bool MayWrite() const override {
    return active_ && steady_now_() < renewed_at_ + settings_.ttl - settings_.safety_margin;
  }
  bool Active() const { return active_; }
  // The epoch this daemon writes under; 0 while it is a standby.
  std::int64_t ActiveEpoch() const { return active_ ? epoch_ : 0; }
  const std::string& holder() const { return holder_; }
  std::uint64_t takeovers() const { return takeovers_; }

  // One look at the store, and what follows from it (the loop's step; public for tests).
  boost::asio::awaitable<void> TryOnce() {
    in_attempt_ = true;
    // The term the store records is computed from this moment, so the fence counts from it too.
    const auto started = steady_now_();
    const auto now = LeaseWallClock::now();
    auto view = co_await store_->TryHold(
        holder_, now, now + std::chrono::duration_cast<LeaseWallClock::duration>(settings_.ttl));
    in_attempt_ = false;
    if (release_started_) co_return;  // stopping: what it found no longer matters
    if (!view) {
      last_error_ = view.error().Describe();
      log::Warn({}, "lease: {} {} could not be renewed: {}", settings_.store,
                store_->Where().dump(), last_error_);
      // The term runs out on our own clock; once the fence has closed, only plan.
      if (active_ && !MayWrite()) {
        SetActive(false, "lease-lost",
                  "could not renew the lease at epoch " + std::to_string(epoch_) +
                      " in time: planning only (" + last_error_ + ")");
      }
      co_return;
    }
    last_error_.clear();
    last_ = view->record;
    if (view->held) {
      renewed_at_ = started;
      const bool took_over = !active_;
      const std::string previous = epoch_ == view->record.epoch ? "" : previous_holder_;
      epoch_ = view->record.epoch;
      if (took_over) {
        ++takeovers_;
        SetActive(true, "lease-acquired",
                  holder_ + " holds the lease at epoch " + std::to_string(epoch_) +
                      (previous.empty() ? "" : " (after " + previous + ")") + ": writing");
      }
    } else {
      previous_holder_ = view->record.holder;
      if (active_) {
        SetActive(false, "lease-lost",
                  view->record.holder + " holds the lease at epoch " +
                      std::to_string(view->record.epoch) + ": planning only");
      }
    }
  }

  // Test seam: the monotonic clock the fence reads.
  void set_steady_clock(std::function<SteadyClock::time_point()> now) {
    steady_now_ = std::move(now);
  }

  // For GET /v1/status.
  nlohmann::json StatusJson() const {
    nlohmann::json status = store_->Where();
    status.update({{"store", settings_.store},
                   {"role", active_ ? "active" : "standby"},
                   {"self", holder_},
                   {"holder", last_.holder},
                   {"epoch", last_.epoch},
                   {"expires_at", last_.epoch == 0 ? "" : engine::FormatTime(last_.expires_at)},
                   {"may_write", MayWrite()},
                   {"takeovers", takeovers_},
                   {"last_error", last_error_}});
    return status;
  }

 private:
  boost::asio::awaitable<void> Loop() {
    while (!stopping_) {
      co_await TryOnce();
      if (stopping_) break;
      timer_.expires_after(settings_.ttl / 3);
      boost::system::error_code ignored;
      co_await timer_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ignored));
    }
  }

  boost::asio::awaitable<void> ReleaseNow() {
    auto released = co_await store_->Release(holder_, epoch_);
    if (!released) log::Warn({}, "lease: release failed: {}", released.error().Describe());
  }

  void SetActive(bool active, const std::string& action, const std::string& message) {
    active_ = active;
    log::Info({}, "lease: {}", message);
    if (on_event_) on_event_(action, message);
    if (on_role_) on_role_(active);
  }

  boost::asio::any_io_executor executor_;
  std::unique_ptr<LeaseStore> store_;
  config::LeaseSettings settings_;
  std::string holder_;
  RoleListener on_role_;
  EventSink on_event_;
  boost::asio::steady_timer timer_;
  std::function<SteadyClock::time_point()> steady_now_ = [] { return SteadyClock::now(); };
  bool active_ = false;
  SteadyClock::time_point renewed_at_{};
  std::int64_t epoch_ = 0;
  LeaseRecord last_;
  std::string previous_holder_;
  std::string last_error_;
  std::uint64_t takeovers_ = 0;
  bool stopping_ = false;
  bool in_attempt_ = false;
  bool release_started_ = false;
  bool released_ = false;
};

// GET /v1/status's "lease": null without a lease.
inline nlohmann::json LeaseStatus(const LeaseKeeper* keeper) {
  return keeper ? keeper->StatusJson() : nlohmann::json();
}

// /metrics: takeovers (this daemon becoming the active one) and whether it is active now.
inline std::vector<api::MetricFamily> LeaseMetrics(const LeaseKeeper* keeper) {
  if (!keeper) return {};
  return {{"awsreconciled_lease_takeovers_total",
           "Times this daemon took the lease and became the active one.",
           "counter",
           {{"", {}, static_cast<double>(keeper->takeovers())}}},
          {"awsreconciled_lease_active",
           "1 while this daemon holds the lease and writes, 0 while it only plans.",
           "gauge",
           {{"", {}, keeper->Active() ? 1.0 : 0.0}}}};
}

}  // namespace awsr::lease
