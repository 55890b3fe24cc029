#include "tests/support/fake_aws.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace awsr::testing {
namespace {

using Clock = std::chrono::steady_clock;

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

// Reads from fd until a full line arrives or the deadline passes.
std::string ReadLine(int fd, Clock::time_point deadline) {
  std::string line;
  while (line.find('\n') == std::string::npos) {
    pollfd waiting{fd, POLLIN, 0};
    if (poll(&waiting, 1, RemainingMs(deadline)) <= 0) break;
    char buffer[256];
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    line.append(buffer, static_cast<size_t>(n));
  }
  return line.substr(0, line.find('\n'));
}

}  // namespace

FakeAws::FakeAws(std::chrono::seconds startup_timeout) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::string python_path = std::string(AWSR_SOURCE_DIR) + "/tests/fakeaws";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // The fake dies with the test binary, even when a test crashes it.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    dup2(out[1], STDOUT_FILENO);
    setenv("PYTHONPATH", python_path.c_str(), 1);
    setenv("PYTHONUNBUFFERED", "1", 1);
    execl("/usr/bin/python3", "python3", "-m", "fakeaws", "--listen", "127.0.0.1:0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line = ReadLine(out[0], Clock::now() + startup_timeout);
  close(out[0]);  // the fake prints nothing else on stdout
  size_t colon = line.rfind(':');
  if (line.find("listening on http://") == std::string::npos || colon == std::string::npos) {
    this->~FakeAws();
    throw std::runtime_error("fakeaws did not start: '" + line + "'");
  }
  port_ = static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
}

FakeAws::~FakeAws() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  auto deadline = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the child's exit
  }
  pid_ = -1;
}

nlohmann::json FakeAws::Control(const std::string& method, const std::string& path,
                                const std::string& body) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    throw std::runtime_error("cannot connect to fakeaws");
  }
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                        "Connection: close\r\nContent-Type: application/json\r\n" +
                        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) response.append(buffer, n);
  close(fd);
  size_t header_end = response.find("\r\n\r\n");
  if (response.size() < 12 || header_end == std::string::npos) {
    throw std::runtime_error("bad answer from fakeaws control " + path);
  }
  int status = std::stoi(response.substr(9, 3));
  std::string payload = response.substr(header_end + 4);
  if (status < 200 || status >= 300) {
    throw std::runtime_error("fakeaws " + path + " answered " + std::to_string(status) + ": " +
                             payload);
  }
  if (payload.empty()) return nlohmann::json::object();
  return nlohmann::json::parse(payload);
}

void FakeAws::Reset() { Control("POST", "/_fake/reset", "{}"); }
void FakeAws::SetFaults(const nlohmann::json& faults) {
  Control("POST", "/_fake/faults", faults.dump());
}
nlohmann::json FakeAws::Calls() { return Control("GET", "/_fake/calls"); }

int FakeAws::CallCount(const std::string& service, const std::string& operation) {
  nlohmann::json counts = Calls()["counts"];
  if (!counts.contains(service) || !counts[service].contains(operation)) return 0;
  return counts[service][operation].get<int>();
}

}  // namespace awsr::testing
