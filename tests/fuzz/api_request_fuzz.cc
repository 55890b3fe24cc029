// libFuzzer target: any bytes as a request to the control API: parsed by Beast with the
// server's limits, then routed (both as a unix socket and a TCP peer) to a backend that echoes
// what it is given, and answered as JSON. Every request must get an answer, never an exception.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/router.h"

namespace {

class EchoBackend : public awsr::api::Backend {
 public:
  using json = nlohmann::json;
  bool Ready() const override { return true; }
  std::string Status() const override { return Text({{"phase", "ready"}}); }
  json Files() const override { return {{"files", json::array({{{"name", name}}})}}; }
  json Reload() override { return {{"reload", "started"}}; }
  awsr::api::SharedText Resources(
      const std::map<std::string, std::string>& filters) const override {
    return std::make_shared<const std::string>(Text({{"filters", filters}}));  // any bytes
  }
  std::optional<json> Resource(std::string_view id) const override {
    if (id.size() % 2 == 0) return std::nullopt;
    return json{{"logical_id", id}};
  }
  json Plan() const override { return {{"actions", json::array()}}; }
  awsr::api::EventTexts Events(std::uint64_t after) const override {
    return {{Text({{"sequence", after}, {"message", name}})}, after};
  }
  std::optional<json> Reconcile(std::optional<std::string> id) override {
    return json{{"queued", id.value_or("all")}};
  }
  json ApproveDeletions() override { return {{"approved", json::array()}}; }
  std::string Metrics() const override { return "awsreconciled_up 1\n"; }
  int SubscribeEvents(std::function<void(const json&)>) override { return 1; }
  void UnsubscribeEvents(int) override {}

  std::string name;  // a file name: any bytes

 private:
  // JSON text as the daemon sends it: bytes that are not UTF-8 replaced, never thrown on.
  static std::string Text(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = boost::beast::http;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  EchoBackend backend;
  backend.name = std::string(text.substr(0, 32));
  awsr::api::Router router(backend, "s3cret");

  (void)awsr::api::SplitTarget(text);
  http::request_parser<http::string_body> parser;
  parser.body_limit(1 << 20);
  parser.header_limit(16 << 10);
  boost::beast::error_code error;
  parser.put(boost::asio::buffer(text.data(), text.size()), error);
  if (!error && !parser.is_done()) parser.put_eof(error);
  if (error || !parser.is_header_done()) return 0;
  const auto& message = parser.get();
  for (const bool trusted : {true, false}) {
    awsr::api::Request request{std::string(message.method_string()),
                               std::string(message.target()),
                               message.body(),
                               std::string(message[http::field::authorization]),
                               trusted,
                               std::string(message[http::field::host])};
    const awsr::api::Response response = router.Handle(request);
    if (response.status < 200 || response.status > 599) __builtin_trap();
  }
  return 0;
}
