#include "daemon/engine/status.h"

#include <time.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "daemon/base/json_fields.h"
#include "daemon/base/utc_time.h"

namespace awsr::engine {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<ResourceState, std::string_view>, 13> kStateNames = {{
    {ResourceState::kPending, "Pending"},
    {ResourceState::kCreating, "Creating"},
    {ResourceState::kReady, "Ready"},
    {ResourceState::kUpdating, "Updating"},
    {ResourceState::kDrifted, "Drifted"},
    {ResourceState::kDeleting, "Deleting"},
    {ResourceState::kDeleted, "Deleted"},
    {ResourceState::kError, "Error"},
    {ResourceState::kConflict, "Conflict"},
    {ResourceState::kNeedsReplacement, "NeedsReplacement"},
    {ResourceState::kHeld, "Held"},
    {ResourceState::kObserveOnly, "ObserveOnly"},
    {ResourceState::kReleased, "Released"},
}};

std::string TimeTextOrEmpty(const std::optional<WallClock::time_point>& time) {
  return time ? FormatTime(*time) : "";
}

std::optional<WallClock::time_point> TimeField(const json& object, const char* key) {
  if (!object.contains(key) || !object[key].is_string()) return std::nullopt;
  return ParseTime(object[key].get<std::string>());
}

std::string StringField(const json& object, const char* key) {
  return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

// Appends `text` as a JSON string the way DumpJson writes it: printable ASCII as it is, anything
// else through nlohmann's own escaping (which also replaces invalid UTF-8).
void AppendString(std::string& out, std::string_view text) {
  const bool plain = std::ranges::all_of(text, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
  });
  if (!plain) {
    out += DumpJson(json(std::string(text)));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

// Writes one JSON object's members into `out`; they must come in the keys' sorted order, as
// DumpJson writes an object's.
class ObjectText {
 public:
  explicit ObjectText(std::string& out) : out_(out) { out_ += '{'; }
  // Begins the member `key`: append its value to what this returns.
  std::string& Member(std::string_view key) {
    if (out_.back() != '{') out_ += ',';
    AppendString(out_, key);
    out_ += ':';
    return out_;
  }
  ObjectText& String(std::string_view key, std::string_view value) {
    AppendString(Member(key), value);
    return *this;
  }
  void Close() { out_ += '}'; }

 private:
  std::string& out_;
};

void AppendConditions(std::string& out, const Conditions& conditions) {
  out += '[';
  conditions.ForEach([&](std::string_view type, const Condition& condition) {
    if (out.back() != '[') out += ',';
    ObjectText(out)
        .String("last_transition_time", FormatTime(condition.last_transition))
        .String("message", condition.message)
        .String("reason", condition.reason)
        .String("status", condition.status ? "True" : "False")
        .String("type", type)
        .Close();
  });
  out += ']';
}

void AppendLastError(std::string& out, const LastError& error) {
  ObjectText object(out);
  object.String("at", FormatTime(error.at))
      .String("code", error.code)
      .String("kind", error.kind)
      .String("message", error.message)
      .String("request_id", error.request_id);
  object.Member("terminal") += error.terminal ? "true" : "false";
  object.Close();
}

// `items` as a JSON array, each written by append_item.
template <typename Items, typename AppendItem>
void AppendArray(std::string& out, const Items& items, AppendItem append_item) {
  out += '[';
  for (const auto& item : items) {
    if (out.back() != '[') out += ',';
    append_item(out, item);
  }
  out += ']';
}

enum class StatusForm { kShown, kSaved };

// Every member when shown; status.json's form has no "details_read_at".
void AppendStatus(std::string& out, const ResourceStatus& status, StatusForm form) {
  ObjectText object(out);
  object.String("account", status.account);
  object.Member("attempts") += std::to_string(status.attempts);
  AppendConditions(object.Member("conditions"), status.conditions);
  object.String("create_pending_since", TimeTextOrEmpty(status.create_pending_since()))
      .String("deletion_policy", status.deletion_policy);
  AppendArray(object.Member("dependencies"), status.dependencies, AppendString);
  if (form == StatusForm::kShown) {
    object.String("details_read_at", TimeTextOrEmpty(status.details_read_at));
  }
  AppendArray(object.Member("diff"), status.diff(), [](std::string& text, const Change& change) {
    text += DumpJson(ToJson(change));
  });
  object.String("file", status.file);
  if (const LastError* error = status.last_error()) {
    AppendLastError(object.Member("last_error"), *error);
  } else {
    object.Member("last_error") += "null";
  }
  object.String("logical_id", status.logical_id)
      .String("message", status.message)
      .String("next_attempt_at", TimeTextOrEmpty(status.next_attempt_at()));
  object.String("physical_id", status.physical_id).String("region", status.region);
  if (!status.role_arn.empty()) object.String("role_arn", status.role_arn);
  object.String("state", ToString(status.state))
      .String("type", status.type)
      .String("updated_at", FormatTime(status.updated_at));
  object.Close();
}

}  // namespace

std::string_view ToString(ResourceState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "Pending";
}

std::optional<ResourceState> ParseResourceState(std::string_view text) {
  for (const auto& [value, name] : kStateNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string FormatTime(WallClock::time_point time) {
  if (time == WallClock::time_point{}) return "";
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis % 1000));
  return text;
}

std::optional<WallClock::time_point> ParseTime(std::string_view text) {
  std::tm utc{};
  int millis = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &utc.tm_year, &utc.tm_mon,
                  &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &millis) != 7) {
    return std::nullopt;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  const auto seconds = TimeFromUtc(utc);
  if (!seconds || millis < 0 || millis > 999) return std::nullopt;
  return *seconds + std::chrono::milliseconds(millis);
}

const Condition* Conditions::Find(std::string_view type) const {
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    if (kTypes[i] == type) return IsSet(i) ? &conditions_[i] : nullptr;
  }
  return nullptr;
}

void Conditions::Set(std::string_view type, bool status, Symbol reason, Symbol message,
                     WallClock::time_point now) {
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    if (kTypes[i] != type) continue;
    Condition& condition = conditions_[i];
    if (!IsSet(i) || condition.status != status) condition.last_transition = now;
    // A time read from a file as the earliest one could pass for "unset": one tick later.
    if (condition.last_transition == kUnset) condition.last_transition += WallClock::duration(1);
    condition.status = status;
    condition.reason = reason;
    condition.message = std::move(message);
  }
}

void ResourceStatus::SetCondition(Symbol type, bool status, Symbol reason, Symbol message,
                                  WallClock::time_point now) {
  conditions.Set(type.str(), status, reason, std::move(message), now);
}

const Condition* ResourceStatus::FindCondition(std::string_view type) const {
  return conditions.Find(type);
}

const std::vector<Change>& ResourceStatus::diff() const {
  static const std::vector<Change> kNone;
  return unsettled_ ? unsettled_->diff : kNone;
}

const LastError* ResourceStatus::last_error() const {
  return unsettled_ && unsettled_->last_error ? &*unsettled_->last_error : nullptr;
}

OptionalTime ResourceStatus::next_attempt_at() const {
  return unsettled_ ? unsettled_->next_attempt_at : OptionalTime();
}

OptionalTime ResourceStatus::create_pending_since() const {
  return unsettled_ ? unsettled_->create_pending_since : OptionalTime();
}

void ResourceStatus::set_diff(std::vector<Change> diff) {
  if (!diff.empty() || unsettled_) Unsettle().diff = std::move(diff);
  SettleIfEmpty();
}

void ResourceStatus::set_last_error(std::optional<LastError> error) {
  if (error || unsettled_) Unsettle().last_error = std::move(error);
  SettleIfEmpty();
}

void ResourceStatus::set_next_attempt_at(OptionalTime at) {
  if (at || unsettled_) Unsettle().next_attempt_at = at;
  SettleIfEmpty();
}

void ResourceStatus::set_create_pending_since(OptionalTime since) {
  if (since || unsettled_) Unsettle().create_pending_since = since;
  SettleIfEmpty();
}

Unsettled& ResourceStatus::Unsettle() {
  if (!unsettled_) unsettled_ = Unsettled{};
  return *unsettled_;
}

void ResourceStatus::SettleIfEmpty() {
  if (unsettled_ && *unsettled_ == Unsettled{}) unsettled_.reset();
}

json ToJson(const Change& change) {
  return {{"path", change.path},
          {"desired", change.desired},
          {"observed", change.observed},
          {"immutable", change.immutable}};
}

json ToJson(const ResourceStatus& status) {
  std::string text;
  AppendStatusText(text, status);
  return json::parse(text);
}

void AppendStatusText(std::string& out, const ResourceStatus& status) {
  AppendStatus(out, status, StatusForm::kShown);
}

void AppendSavedText(std::string& out, const ResourceStatus& status) {
  AppendStatus(out, status, StatusForm::kSaved);
}

ResourceStatus StatusFromJson(const json& in) {
  ResourceStatus status;
  status.logical_id = StringField(in, "logical_id");
  status.type = StringField(in, "type");
  status.region = StringField(in, "region");
  status.account = StringField(in, "account");
  status.role_arn = StringField(in, "role_arn");
  status.file = StringField(in, "file");
  status.state = ParseResourceState(StringField(in, "state")).value_or(ResourceState::kPending);
  status.message = StringField(in, "message");
  status.physical_id = StringField(in, "physical_id");
  if (in.contains("conditions") && in["conditions"].is_array()) {
    for (const auto& condition : in["conditions"]) {
      // Ready and Synced only, the first of each: a status has room for those two, which the
      // engine sets.
      const std::string type = StringField(condition, "type");
      if (status.FindCondition(type) != nullptr) continue;
      status.conditions.Set(
          type, StringField(condition, "status") == "True", StringField(condition, "reason"),
          StringField(condition, "message"),
          TimeField(condition, "last_transition_time").value_or(WallClock::time_point{}));
    }
  }
  if (in.contains("diff") && in["diff"].is_array()) {
    std::vector<Change> diff;
    for (const auto& change : in["diff"]) {
      diff.push_back({StringField(change, "path"), change.value("desired", json()),
                      change.value("observed", json()), change.value("immutable", false)});
    }
    status.set_diff(std::move(diff));
  }
  status.attempts = in.value("attempts", 0);
  status.set_next_attempt_at(TimeField(in, "next_attempt_at"));
  status.set_create_pending_since(TimeField(in, "create_pending_since"));
  if (in.contains("dependencies") && in["dependencies"].is_array()) {
    for (const auto& dependency : in["dependencies"]) {
      if (dependency.is_string()) status.dependencies.insert(dependency.get<std::string>());
    }
  }
  status.deletion_policy = StringField(in, "deletion_policy");
  status.updated_at = TimeField(in, "updated_at").value_or(WallClock::time_point{});
  if (in.contains("last_error") && in["last_error"].is_object()) {
    const auto& error = in["last_error"];
    status.set_last_error(LastError{
        StringField(error, "kind"), StringField(error, "code"), StringField(error, "message"),
        StringField(error, "request_id"), error.value("terminal", false),
        TimeField(error, "at").value_or(WallClock::time_point{})});
  }
  return status;
}

json ToJson(const Event& event) {
  json out = {{"sequence", event.sequence}, {"time", FormatTime(event.time)},
              {"logical_id", event.logical_id}, {"type", event.type},
              {"action", event.action}, {"message", event.message}};
  if (event.lease_epoch != 0) out["lease_epoch"] = event.lease_epoch;
  return out;
}

Event EventFromJson(const json& in) {
  return Event{in.value("sequence", std::uint64_t{0}),
               TimeField(in, "time").value_or(WallClock::time_point{}),
               StringField(in, "logical_id"), StringField(in, "type"), StringField(in, "action"),
               StringField(in, "message"), in.value("lease_epoch", std::int64_t{0})};
}

}  // namespace awsr::engine
