// The daemon's answers to the control API: status, files, resources, plan, events, metrics.
#include "api/metrics.h"
#include "daemon/program/account_counts.h"
#include "daemon/program/daemon.h"

namespace awsr {
namespace {

using engine::FormatTime;
using nlohmann::json;

std::size_t FilesWithProblems(const std::vector<config::FileStatus>& files) {
  std::size_t bad = 0;
  for (const auto& file : files) bad += file.problems.empty() ? 0 : 1;
  return bad;
}

}  // namespace

bool Daemon::Ready() const { return engine_->FirstCycleDone(); }

std::string Daemon::Summary() const {
  std::map<std::string, std::size_t> by_state;
  for (const auto& [id, status] : store_.All()) {
    if (desired_.Resources().contains(id)) ++by_state[std::string(engine::ToString(status.state))];
  }
  std::string states;
  for (const auto& [state, count] : by_state) {
    states += (states.empty() ? "" : ", ") + std::to_string(count) + " " + state;
  }
  const auto files = desired_.Files();
  return std::to_string(desired_.Resources().size()) + " resources" +
         (states.empty() ? "" : " (" + states + ")") + " in " + std::to_string(files.size()) +
         " files (" + std::to_string(FilesWithProblems(files)) + " with problems), mode " +
         std::string(config::ToString(settings_.mode));
}

json Daemon::Status() const {
  const auto files = desired_.Files();
  json by_state = json::object();
  for (const auto& [id, status] : store_.All()) {
    if (!desired_.Resources().contains(id)) continue;
    auto& count = by_state[std::string(engine::ToString(status.state))];
    count = count.is_null() ? 1 : count.get<int>() + 1;
  }
  const auto next = engine_->NextCycleAt();
  return {
      {"version", AWSR_VERSION},
      {"phase", ToString(lifecycle_.phase())},
      {"ready", Ready()},
      {"summary", Summary()},
      {"mode", config::ToString(settings_.mode)},
      {"owner", settings_.owner},
      {"region", settings_.region},
      {"account_id", engine_->account_id()},
      {"credential_source", aws_->CredentialSource()},
      {"desired_dir", settings_.desired_dir},
      {"started_at", FormatTime(started_at_)},
      {"last_load_at", FormatTime(last_load_at_)},
      {"last_cycle_at", FormatTime(engine_->LastCycleAt())},
      {"next_cycle_at", next ? FormatTime(*next) : ""},
      {"cycles", engine_->Cycles()},
      {"poll_interval_seconds",
       std::chrono::duration_cast<std::chrono::seconds>(settings_.poll_interval).count()},
      {"files", {{"total", files.size()}, {"with_errors", FilesWithProblems(files)}}},
      {"resources",
       {{"total", desired_.Resources().size()},
        {"by_state", by_state},
        {"by_account", CountsByAccountAndRegion(store_, desired_.Resources())}}},
      {"schema", catalog_.Source()},
  };
}

json Daemon::Files() const {
  json files = json::array();
  for (const auto& file : desired_.Files()) {
    json problems = json::array();
    for (const auto& problem : file.problems) {
      problems.push_back({{"pointer", problem.pointer}, {"message", problem.message}});
    }
    files.push_back({{"name", file.name},
                     {"state", config::ToString(file.state)},
                     {"newest_in_force", file.newest_in_force},
                     {"resources", file.resource_count},
                     {"problems", problems},
                     {"sha256", file.newest_sha256},
                     {"in_force_sha256", file.in_force_sha256},
                     {"updated_at", FormatTime(file.updated_at)},
                     {"loaded_at", FormatTime(file.loaded_at)}});
  }
  return {{"directory", settings_.desired_dir}, {"files", files}};
}

json Daemon::Resources(const std::map<std::string, std::string>& filters) const {
  const bool everything = filters.empty();
  if (everything && all_resources_ && all_resources_->first == store_.Generation()) {
    return all_resources_->second;
  }
  const auto type = filters.find("type");
  const auto state = filters.find("state");
  json resources = json::array();
  for (const auto& [id, status] : store_.All()) {
    if (type != filters.end() && status.type != type->second) continue;
    if (state != filters.end() && engine::ToString(status.state) != state->second) continue;
    // The list stays light; /v1/resources/{id} has everything, "observed" included.
    resources.push_back(engine::ToSummaryJson(status));
  }
  json answer = {{"resources", std::move(resources)}};
  if (everything) all_resources_.emplace(store_.Generation(), answer);
  return answer;
}

std::optional<json> Daemon::Resource(std::string_view logical_id) const {
  const engine::ResourceStatus* status = store_.Find(logical_id);
  const auto decl = desired_.Resources().find(std::string(logical_id));
  if (status == nullptr && decl == desired_.Resources().end()) return std::nullopt;
  json out = status ? engine::ToJson(*status)
                    : json{{"logical_id", logical_id},
                           {"state", engine::ToString(engine::ResourceState::kPending)},
                           {"message", "not reconciled yet"}};
  if (decl != desired_.Resources().end()) {
    out["desired"] = {
        {"type", decl->second.type},
        {"file", decl->second.file},
        {"properties", engine::RedactSecrets(decl->second.type, decl->second.properties)},
        {"deletion_policy", config::ToString(decl->second.deletion_policy)},
        {"management_policy", config::ToString(decl->second.management_policy)},
        {"adopt_policy", config::ToString(decl->second.adopt_policy)}};
  }
  json events = json::array();
  for (const auto& event : store_.EventsAfter(0)) {
    if (event.logical_id == logical_id) events.push_back(engine::ToJson(event));
  }
  out["events"] = events;
  return out;
}

json Daemon::Plan() const { return engine_->Plan(); }

json Daemon::Events(std::uint64_t after) const {
  json events = json::array();
  for (const auto& event : store_.EventsAfter(after)) events.push_back(engine::ToJson(event));
  return {{"events", events}, {"last_sequence", store_.LastSequence()}};
}

std::optional<json> Daemon::Reconcile(std::optional<std::string> logical_id) {
  if (!logical_id) {
    engine_->EnqueueAll();
    return json{{"queued", "all"}};
  }
  if (!desired_.Resources().contains(*logical_id) && store_.Find(*logical_id) == nullptr) {
    return std::nullopt;
  }
  engine_->Enqueue(*logical_id);
  return json{{"queued", *logical_id}};
}

json Daemon::ApproveDeletions() {
  std::vector<std::string> held;
  for (const auto& [id, status] : store_.All()) {
    if (status.state == engine::ResourceState::kHeld) held.push_back(id);
  }
  engine_->ApproveDeletions();
  return {{"approved", held}};
}

int Daemon::SubscribeEvents(std::function<void(const json&)> listener) {
  return store_.AddListener([listener = std::move(listener)](const engine::Event& event) {
    listener(engine::ToJson(event));
  });
}

void Daemon::UnsubscribeEvents(int id) { store_.RemoveListener(id); }

std::string Daemon::Metrics() const {
  using api::MetricFamily;
  MetricFamily resources{"awsreconciled_resources", "Resources by state.", "gauge", {}};
  std::map<std::string, double> by_state;
  for (const auto& [id, status] : store_.All())
    ++by_state[std::string(engine::ToString(status.state))];
  for (const auto& [state, count] : by_state)
    resources.samples.push_back({"", {{"state", state}}, count});

  MetricFamily cycles{
      "awsreconciled_cycle_duration_seconds", "Reconcile cycle durations.", "histogram", {}};
  const auto& cycle_metrics = engine_->cycle_metrics();
  for (std::size_t i = 0; i < engine::CycleMetrics::kBuckets.size(); ++i) {
    char bound[32];
    std::snprintf(bound, sizeof(bound), "%g", engine::CycleMetrics::kBuckets[i]);
    cycles.samples.push_back(
        {"_bucket", {{"le", bound}}, static_cast<double>(cycle_metrics.bucket_counts[i])});
  }
  cycles.samples.push_back({"_bucket", {{"le", "+Inf"}}, static_cast<double>(cycle_metrics.count)});
  cycles.samples.push_back({"_sum", {}, cycle_metrics.sum_seconds});
  cycles.samples.push_back({"_count", {}, static_cast<double>(cycle_metrics.count)});

  MetricFamily calls{
      "awsreconciled_aws_calls_total", "AWS API calls, by service and operation.", "counter", {}};
  MetricFamily errors{"awsreconciled_aws_errors_total",
                      "AWS API calls that finally failed, by error code.",
                      "counter",
                      {}};
  MetricFamily retries{
      "awsreconciled_aws_retries_total", "AWS API attempts beyond the first.", "counter", {}};
  MetricFamily throttles{"awsreconciled_aws_throttles_total",
                         "Throttling responses received from AWS.",
                         "counter",
                         {}};
  MetricFamily paced{"awsreconciled_aws_paced_seconds_total",
                     "Seconds calls waited for AWS's published request buckets before sending.",
                     "counter",
                     {}};
  aws_->stats().ForEach([&](const aws::CallKey& key, const aws::CallCounters& counters) {
    std::map<std::string, std::string> labels = {{"service", key.service},
                                                 {"operation", key.operation}};
    if (!key.code.empty()) labels["code"] = key.code;
    if (counters.calls) calls.samples.push_back({"", labels, static_cast<double>(counters.calls)});
    if (counters.errors)
      errors.samples.push_back({"", labels, static_cast<double>(counters.errors)});
    if (counters.retries)
      retries.samples.push_back({"", labels, static_cast<double>(counters.retries)});
    if (counters.throttles) {
      throttles.samples.push_back({"", labels, static_cast<double>(counters.throttles)});
    }
    if (counters.paced_seconds > 0) paced.samples.push_back({"", labels, counters.paced_seconds});
  });
  MetricFamily events{"awsreconciled_events_total",
                      "Events recorded.",
                      "counter",
                      {{"", {}, static_cast<double>(store_.LastSequence())}}};
  return api::RenderPrometheus({resources, ResourcesByAccountMetric(store_), cycles, calls, errors,
                                retries, throttles, paced, events});
}

}  // namespace awsr
