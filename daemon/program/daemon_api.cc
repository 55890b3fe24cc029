// The daemon's answers to the control API: status, files, resources, plan, events, metrics.
#include <algorithm>

#include "api/metrics.h"
#include "daemon/base/json_fields.h"
#include "daemon/lease/lease_keeper.h"
#include "daemon/program/account_counts.h"
#include "daemon/program/daemon.h"

namespace awsr {
namespace {

using engine::FormatTime;
using nlohmann::json;

}  // namespace

bool Daemon::Ready() const { return view_.load()->ready; }

std::string Daemon::Summary(const engine::StatusCounts& counts) const {
  std::string states;
  for (std::size_t i = 0; i < counts.desired.size(); ++i) {
    if (counts.desired[i] == 0) continue;
    states += (states.empty() ? "" : ", ") + std::to_string(counts.desired[i]) + " " +
              std::string(engine::ToString(static_cast<engine::ResourceState>(i)));
  }
  const auto files = desired_.CountFiles();
  return std::to_string(desired_.Resources().size()) + " resources" +
         (states.empty() ? "" : " (" + states + ")") + " in " + std::to_string(files.total) +
         " files (" + std::to_string(files.with_problems) + " with problems), mode " +
         std::string(config::ToString(settings_.mode));
}

void Daemon::PublishSnapshot() {
  auto view = std::make_shared<ApiView>();
  view->statuses = store_.Publish();
  view->ready = engine_->FirstCycleDone();
  view->status_text = DumpJson(StatusJson(*view->statuses), 2) + "\n";
  view_.store(std::move(view));
}

std::string Daemon::Status() const { return view_.load()->status_text; }

json Daemon::StatusJson(const engine::StatusSnapshot& statuses) const {
  const auto files = desired_.CountFiles();
  const auto by_state = [](const auto& counts) {
    json out = json::object();
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] > 0)
        out[std::string(engine::ToString(static_cast<engine::ResourceState>(i)))] = counts[i];
    }
    return out;
  };
  const auto next = engine_->NextCycleAt();
  return {
      {"version", AWSR_VERSION},
      {"phase", ToString(lifecycle_.phase())},
      {"ready", engine_->FirstCycleDone()},
      {"summary", Summary(statuses.counts)},
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
      // How long a create of an unnamed resource AWS does not list yet is waited for.
      {"consistency_grace_seconds",
       std::chrono::duration<double>(settings_.consistency_grace).count()},
      {"files", {{"total", files.total}, {"with_errors", files.with_problems}}},
      // by_state: the resources files declare; not_desired_by_state: statuses kept for those
      // no file declares any more (Deleted, Released, or on their way out); by_account: the
      // former by account and region.
      {"resources",
       {{"total", desired_.Resources().size()},
        {"by_state", by_state(statuses.counts.desired)},
        {"not_desired_by_state", by_state(statuses.counts.not_desired)},
        {"by_account", CountsByAccountAndRegion(statuses.counts)}}},
      {"schema", catalog_.Source()},
      {"lease", lease::LeaseStatus(lease_.get())},
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

api::SharedText Daemon::Resources(const std::map<std::string, std::string>& filters) const {
  // Short lists are indented for people reading curl output; long ones are for machines.
  constexpr std::size_t kIndentedAtMost = 100;
  const auto view = view_.load();
  const engine::StatusSnapshot& statuses = *view->statuses;
  if (filters.empty() && statuses.entries.size() > kIndentedAtMost) {
    return statuses.ListAnswer();
  }
  const auto type = filters.find("type");
  const auto state = filters.find("state");
  const auto limit = filters.find("limit");  // checked by the router
  const std::size_t most = limit == filters.end() ? statuses.entries.size()
                                                  : std::stoul(limit->second);
  // Entries are sorted by logical ID, so a page starts where the last one ended.
  auto from = statuses.entries.begin();
  if (const auto after = filters.find("after"); after != filters.end()) {
    from = std::upper_bound(from, statuses.entries.end(), after->second,
                            [](const std::string& id, const auto& entry) {
                              return id < entry->logical_id;
                            });
  }
  std::vector<const engine::ResourceStatus*> chosen;
  std::string next;  // the page's last logical ID, when more follow
  for (auto entry = from; entry != statuses.entries.end(); ++entry) {
    if (type != filters.end() && (*entry)->type != type->second) continue;
    if (state != filters.end() && engine::ToString((*entry)->state) != state->second)
      continue;
    if (chosen.size() == most) {
      next = chosen.back()->logical_id;
      break;
    }
    chosen.push_back(entry->status.get());
  }
  // A page is for a program walking the list: its entries' texts, without a DOM.
  if (chosen.size() > kIndentedAtMost || limit != filters.end()) {
    std::string text = "{\"resources\":[";
    for (const auto* status : chosen) {
      if (text.back() != '[') text += ',';
      engine::AppendStatusText(text, *status);
    }
    text += ']';
    if (!next.empty()) text += ",\"next\":" + DumpJson(json(next), -1);
    return std::make_shared<const std::string>(text + "}\n");
  }
  // The list stays light; /v1/resources/{id} has everything, "observed" included.
  json resources = json::array();
  for (const auto* status : chosen) resources.push_back(engine::ToJson(*status));
  json body{{"resources", std::move(resources)}};
  if (!next.empty()) body["next"] = next;
  return std::make_shared<const std::string>(DumpJson(body, 2) + "\n");
}

std::optional<json> Daemon::Resource(std::string_view logical_id) const {
  const engine::ResourceStatus* status = store_.Find(logical_id);
  const auto decl = desired_.Resources().find(std::string(logical_id));
  if (status == nullptr && decl == desired_.Resources().end()) return std::nullopt;
  json out = status ? engine::ToJson(*status)
                    : json{{"logical_id", logical_id},
                           {"state", engine::ToString(engine::ResourceState::kPending)},
                           {"message", "not reconciled yet"}};
  out["observed"] = engine_->ObservedProperties(std::string(logical_id));
  if (decl != desired_.Resources().end()) {
    out["desired"] = {
        {"type", decl->second->type},
        {"file", decl->second->file},
        {"properties",
         engine::RedactSecrets(decl->second->type, decl->second->properties.Unpack())},
        {"deletion_policy", config::ToString(decl->second->deletion_policy)},
        {"management_policy", config::ToString(decl->second->management_policy)},
        {"adopt_policy", config::ToString(decl->second->adopt_policy)}};
  }
  json events = json::array();
  for (const auto& event : store_.EventsAfter(0)) {
    if (event.logical_id == logical_id) events.push_back(engine::ToJson(event));
  }
  out["events"] = events;
  return out;
}

json Daemon::Plan() const { return engine_->Plan(); }

api::EventTexts Daemon::Events(std::uint64_t after) const {
  return {store_.EventTextsAfter(after), store_.LastSequence()};
}

std::optional<json> Daemon::Reconcile(std::optional<std::string> logical_id) {
  if (!logical_id) {
    engine_->EnqueueAll();
    return json{{"queued", "all"}, {"cycle", engine_->CycleAfterNow()}};
  }
  if (!desired_.Resources().contains(*logical_id) && store_.Find(*logical_id) == nullptr) {
    return std::nullopt;
  }
  engine_->Enqueue(*logical_id);
  return json{{"queued", *logical_id}, {"cycle", engine_->CycleAfterNow()}};
}

json Daemon::ApproveDeletions() {
  std::vector<std::string> held;
  for (const auto& [id, status] : store_.All()) {
    if (status->state == engine::ResourceState::kHeld) held.push_back(id);
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
  const auto statuses = view_.load()->statuses;
  const engine::StatusCounts& counts = statuses->counts;
  std::map<std::string, double> by_state;
  for (std::size_t i = 0; i < counts.desired.size(); ++i) {
    const double count = static_cast<double>(counts.desired[i] + counts.not_desired[i]);
    if (count > 0)
      by_state[std::string(engine::ToString(static_cast<engine::ResourceState>(i)))] = count;
  }
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
  // The daemon's own account's calls, then each role's, labelled with its account.
  const auto add_calls = [&](const aws::AwsClient& client, const std::string& account) {
    client.stats().ForEach([&](const aws::CallKey& key, const aws::CallCounters& counters) {
      std::map<std::string, std::string> labels = {{"service", key.service},
                                                   {"operation", key.operation}};
      if (!key.code.empty()) labels["code"] = key.code;
      if (!account.empty()) labels["account"] = account;
      if (counters.calls)
        calls.samples.push_back({"", labels, static_cast<double>(counters.calls)});
      if (counters.errors)
        errors.samples.push_back({"", labels, static_cast<double>(counters.errors)});
      if (counters.retries)
        retries.samples.push_back({"", labels, static_cast<double>(counters.retries)});
      if (counters.throttles) {
        throttles.samples.push_back({"", labels, static_cast<double>(counters.throttles)});
      }
      if (counters.paced_seconds > 0) paced.samples.push_back({"", labels, counters.paced_seconds});
    });
  };
  add_calls(*aws_, "");
  account_clients_->ForEach([&](const std::string& account, const std::string&,
                                const aws::AwsClient& client) { add_calls(client, account); });
  MetricFamily events{"awsreconciled_events_total",
                      "Events recorded.",
                      "counter",
                      {{"", {}, static_cast<double>(store_.LastSequence())}}};
  std::vector<MetricFamily> families{
      resources, ResourcesByAccountMetric(counts), cycles, calls, errors, retries, throttles, paced,
      events};
  for (auto& family : lease::LeaseMetrics(lease_.get())) families.push_back(std::move(family));
  return api::RenderPrometheus(families);
}

}  // namespace awsr
