// Runs tests/fakeaws as a child process for integration tests: starts it on 127.0.0.1 port 0,
// reads the port it prints, talks to its /_fake/ control endpoints, and stops it on
// destruction. Tests may block; this is never used on the daemon's loop.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace awsr::testing {

inline constexpr char kFakeAccessKeyId[] = "AKIAFAKEAWSRECONCILE";
inline constexpr char kFakeSecretAccessKey[] = "fakeSecretKeyForTestsOnly0000000000000000";
inline constexpr char kFakeAccountId[] = "123456789012";

class FakeAws {
 public:
  // Starts the fake and waits (bounded by startup_timeout) for its "listening" line.
  // Throws std::runtime_error if it does not come up.
  explicit FakeAws(std::chrono::seconds startup_timeout = std::chrono::seconds(60));
  ~FakeAws();
  FakeAws(const FakeAws&) = delete;
  FakeAws& operator=(const FakeAws&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Control endpoints. Each throws on a transport failure or a non-2xx answer.
  void Reset();                                  // POST /_fake/reset
  void SetFaults(const nlohmann::json& faults);  // POST /_fake/faults ({} clears)
  nlohmann::json Calls();                        // GET /_fake/calls
  // How many times service:operation was called since the last reset.
  int CallCount(const std::string& service, const std::string& operation);

  // One blocking HTTP/1.1 exchange with the fake (Connection: close), for control calls.
  nlohmann::json Control(const std::string& method, const std::string& path,
                         const std::string& body = "");

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace awsr::testing
