#include "daemon/lease/etcd_gateway.h"

#include <charconv>

#include "daemon/aws/json_result.h"
#include "daemon/base/crypto.h"

namespace awsr::lease::etcd {
namespace {

using nlohmann::json;

Error Malformed(const std::string& what) {
  return MakeError(ErrorKind::kInternal, "etcd answered an unexpected " + what);
}

// An int64 field as the gateway writes it ("42"), or 0 when left out at its default.
Result<std::int64_t> Int64(const json& object, const char* name) {
  const auto found = object.find(name);
  if (found == object.end() || found->is_null()) return std::int64_t{0};
  if (found->is_number_integer()) return found->get<std::int64_t>();
  if (!found->is_string()) return Malformed(std::string(name) + ": " + found->dump());
  const auto& text = found->get_ref<const std::string&>();
  std::int64_t value = 0;
  const auto [end, failed] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (failed != std::errc() || end != text.data() + text.size()) {
    return Malformed(std::string(name) + ": \"" + text + "\"");
  }
  return value;
}

}  // namespace

json RangeRequest(const std::string& key) {
  json request = json::object();
  request["key"] = Base64Encode(key);
  return request;
}

json GrantRequest(std::chrono::milliseconds ttl) {
  json request = json::object();
  request["TTL"] = std::to_string((ttl.count() + 999) / 1000);
  return request;
}

json LeaseIdRequest(std::int64_t lease_id) {
  json request = json::object();
  request["ID"] = std::to_string(lease_id);
  return request;
}

json TakeRequest(const std::string& key, const std::string& holder, std::int64_t lease_id) {
  json value = json::object();
  value["holder"] = holder;
  json absent = json::object();
  absent["key"] = Base64Encode(key);
  absent["target"] = "CREATE";
  absent["result"] = "EQUAL";
  absent["create_revision"] = "0";
  json put = json::object();
  put["key"] = Base64Encode(key);
  put["value"] = Base64Encode(value.dump());
  put["lease"] = std::to_string(lease_id);
  json create = json::object();
  create["request_put"] = std::move(put);
  json read = json::object();
  read["request_range"] = RangeRequest(key);
  json request = json::object();
  request["compare"] = json::array({std::move(absent)});
  request["success"] = json::array({std::move(create)});
  request["failure"] = json::array({std::move(read)});
  return request;
}

Result<json> ParseAnswer(std::string_view path, int http_status, std::string_view body) {
  json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  // A streaming call (keepalive) reports its errors inside a 200:
  // {"error": {"grpc_code": 14, "http_code": 503, "message": ...}}.
  const json* details = &answer;
  std::int64_t code = 0;
  if (http_status == 200) {
    if (!answer.is_object()) return aws::JsonError(Malformed("answer to " + std::string(path)));
    const auto streamed = answer.find("error");
    if (streamed == answer.end() || !streamed->is_object())
      return aws::JsonValue(std::move(answer));
    details = &*streamed;
    if (auto status = Int64(*details, "http_code"); status && *status != 0) {
      http_status = static_cast<int>(*status);
    }
    if (auto number = Int64(*details, "grpc_code")) code = *number;
  }
  std::string message =
      "etcd " + std::string(path) + " answered HTTP " + std::to_string(http_status);
  if (details->is_object()) {
    if (auto text = details->find("message"); text != details->end() && text->is_string())
      message += ": " + text->get<std::string>();
    if (auto number = Int64(*details, "code"); number && *number != 0) code = *number;
  }
  // gRPC codes: 5 NotFound, 14 Unavailable (no leader, a member shutting down).
  ErrorKind kind = ErrorKind::kInternal;
  if (code == 5) {
    kind = ErrorKind::kNotFound;
  } else if (code == 14 || http_status >= 500) {
    kind = ErrorKind::kTransient;
  }
  Error error = MakeError(kind, std::move(message));
  error.http_status = http_status;
  return aws::JsonError(std::move(error));
}

Result<std::optional<LeaseKey>> ParseRange(const json& answer, const std::string& key) {
  const auto kvs = answer.find("kvs");
  if (kvs == answer.end() || !kvs->is_array() || kvs->empty()) return std::optional<LeaseKey>();
  const json& kv = kvs->front();
  if (!kv.is_object()) return Malformed("range answer: " + kv.dump());
  auto revision = Int64(kv, "create_revision");
  if (!revision) return revision.error();
  auto lease_id = Int64(kv, "lease");
  if (!lease_id) return lease_id.error();
  // The value is ours ({"holder": ...}) unless someone edited the key by hand: say which key.
  const auto encoded = kv.find("value");
  const std::optional<std::string> text = encoded != kv.end() && encoded->is_string()
                                              ? Base64Decode(encoded->get<std::string>())
                                              : std::optional<std::string>("");
  const json value = text ? json::parse(*text, nullptr, /*allow_exceptions=*/false)
                          : json(json::value_t::discarded);
  const auto holder = value.is_object() ? value.find("holder") : value.end();
  if (!value.is_object() || holder == value.end() || !holder->is_string()) {
    return MakeError(ErrorKind::kInternal, "etcd key " + key +
                                               " holds no lease record ({\"holder\": ...}): " +
                                               (text ? *text : std::string("not base64")));
  }
  return std::optional<LeaseKey>(LeaseKey{holder->get<std::string>(), *revision, *lease_id});
}

Result<std::int64_t> ParseGrant(const json& answer) {
  auto lease_id = Int64(answer, "ID");
  if (!lease_id) return lease_id.error();
  if (*lease_id == 0) return Malformed("grant answer without a lease ID: " + answer.dump());
  return *lease_id;
}

Result<std::int64_t> ParseSecondsLeft(const json& answer) {
  // keepalive is a stream: each answer comes wrapped in {"result": ...}; timetolive is not.
  const auto result = answer.find("result");
  const json& lease = result != answer.end() && result->is_object() ? *result : answer;
  auto seconds = Int64(lease, "TTL");
  if (!seconds) return seconds.error();
  return std::max<std::int64_t>(*seconds, 0);  // timetolive says -1 for a lease that is gone
}

Result<TakeOutcome> ParseTake(const json& answer, const std::string& key) {
  TakeOutcome outcome;
  const auto succeeded = answer.find("succeeded");
  outcome.succeeded =
      succeeded != answer.end() && succeeded->is_boolean() && succeeded->get<bool>();
  if (outcome.succeeded) {
    auto revision = answer.contains("header") ? Int64(answer["header"], "revision")
                                              : Result<std::int64_t>(std::int64_t{0});
    if (!revision) return revision.error();
    if (*revision == 0) return Malformed("txn answer without a revision: " + answer.dump());
    outcome.revision = *revision;
    return outcome;
  }
  const auto responses = answer.find("responses");
  if (responses == answer.end() || !responses->is_array() || responses->empty() ||
      !responses->front().contains("response_range")) {
    return Malformed("txn answer: " + answer.dump());
  }
  auto holder = ParseRange(responses->front()["response_range"], key);
  if (!holder) return holder.error();
  outcome.holder = std::move(*holder);
  return outcome;
}

Step NextStep(const std::optional<LeaseKey>& current, std::string_view holder,
              std::int64_t lease_id) {
  if (!current) return Step::kTake;
  if (current->holder != holder) return Step::kWatch;
  return lease_id != 0 && current->lease_id == lease_id ? Step::kRenew : Step::kReplace;
}

LeaseView ViewAfterTake(const TakeOutcome& outcome, const std::string& holder,
                        LeaseWallClock::time_point expires_at) {
  if (outcome.succeeded) return LeaseView{true, LeaseRecord{holder, outcome.revision, expires_at}};
  if (!outcome.holder) return LeaseView{};  // gone again already: the next look takes it
  return LeaseView{
      false, LeaseRecord{outcome.holder->holder, outcome.holder->create_revision, expires_at}};
}

}  // namespace awsr::lease::etcd
