// AWS client costs: SigV4 signing per request, requests/s over one keep-alive connection to
// tests/fakeaws, and generic XML->JSON of a 1,000-group DescribeSecurityGroups page.
//   ./build/awsr_bench --benchmark_filter=Aws
#include <benchmark/benchmark.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/aws/aws_client.h"
#include "daemon/aws/sigv4.h"
#include "daemon/aws/static_credentials.h"
#include "daemon/aws/xml_to_json.h"

namespace awsr::aws {
namespace {

Credentials BenchCredentials() {
  Credentials credentials;
  credentials.access_key_id = "AKIAFAKEAWSRECONCILE";
  credentials.secret_access_key = "fakeSecretKeyForTestsOnly0000000000000000";
  return credentials;
}

void BM_AwsSigv4SignQueryRequest(benchmark::State& state) {
  Credentials credentials = BenchCredentials();
  SigningParams params;
  params.region = "us-east-1";
  params.service = "ec2";
  params.time = std::chrono::system_clock::now();
  HttpRequest request;
  request.method = "POST";
  request.headers = {{"Host", "ec2.us-east-1.amazonaws.com"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = "Action=DescribeSecurityGroups&Version=2016-11-15&Filter.1.Name=tag-key&"
                 "Filter.1.Value.1=awsreconciled%3Aowner";
  for (auto _ : state) {
    HttpRequest copy = request;
    benchmark::DoNotOptimize(SignRequest(copy, credentials, params));
  }
}
BENCHMARK(BM_AwsSigv4SignQueryRequest);

std::string SecurityGroupsPage(int groups) {
  std::string xml = "<DescribeSecurityGroupsResponse><requestId>r</requestId><securityGroupInfo>";
  for (int i = 0; i < groups; ++i) {
    std::string id = std::to_string(i);
    xml += "<item><ownerId>123456789012</ownerId><groupId>sg-" + id + "</groupId><groupName>g" +
           id + "</groupName><groupDescription>bench</groupDescription><vpcId>vpc-1</vpcId>"
           "<ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort>"
           "<toPort>443</toPort><ipRanges><item><cidrIp>10.0.0.0/16</cidrIp></item></ipRanges>"
           "</item></ipPermissions><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol>"
           "<ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item>"
           "</ipPermissionsEgress><tagSet><item><key>awsreconciled:owner</key><value>bench"
           "</value></item></tagSet></item>";
  }
  return xml + "</securityGroupInfo></DescribeSecurityGroupsResponse>";
}

void BM_AwsXmlToJsonDescribeSecurityGroups1000(benchmark::State& state) {
  std::string xml = SecurityGroupsPage(1000);
  for (auto _ : state) benchmark::DoNotOptimize(XmlToJson(xml));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * xml.size()));
}
BENCHMARK(BM_AwsXmlToJsonDescribeSecurityGroups1000)->Unit(benchmark::kMillisecond);

// The same page read as a steady cycle reads it: every group digested, none converted (all
// held from the last read).
void BM_AwsXmlDigestsDescribeSecurityGroups1000Held(benchmark::State& state) {
  std::string xml = SecurityGroupsPage(1000);
  const ItemDigests digests{{"securityGroupInfo"}, [](const ShortDigest&) { return true; }};
  for (auto _ : state) {
    std::vector<DigestedItem> items;
    benchmark::DoNotOptimize(XmlToJson(xml, digests, items));
    benchmark::DoNotOptimize(items);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * xml.size()));
}
BENCHMARK(BM_AwsXmlDigestsDescribeSecurityGroups1000Held)->Unit(benchmark::kMillisecond);

// Starts tests/fakeaws; returns its pid and URL, or pid -1 when it cannot run here.
std::pair<pid_t, std::string> StartFake() {
  int out[2];
  if (pipe(out) != 0) return {-1, ""};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    // CMake passes absolute paths, so the repository is two levels above this file.
    std::string repo = std::filesystem::path(__FILE__).parent_path().parent_path().string();
    setenv("PYTHONPATH", (repo + "/tests/fakeaws").c_str(), 1);
    execl("/usr/bin/python3", "python3", "-m", "fakeaws", "--listen", "127.0.0.1:0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* stream = fdopen(out[0], "r");
  char line[256] = {0};
  bool ok = fgets(line, sizeof(line), stream) != nullptr;
  fclose(stream);
  std::string text(line);
  size_t at = text.find("http://");
  if (!ok || at == std::string::npos) return {pid, ""};
  return {pid, text.substr(at, text.find_last_not_of("\r\n") + 1 - at)};
}

void BM_AwsCallsOverOneKeepAliveConnection(benchmark::State& state) {
  auto [pid, url] = StartFake();
  if (url.empty()) {
    state.SkipWithError("tests/fakeaws did not start");
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    return;
  }
  boost::asio::io_context io;
  ClientSettings settings;
  settings.region = "us-east-1";
  settings.endpoints.endpoint_url = url;
  AwsClient client(io.get_executor(),
                   std::make_shared<StaticCredentialProvider>(BenchCredentials()), settings,
                   Environment());
  for (auto _ : state) {
    auto future = boost::asio::co_spawn(io, client.Call(CallRequest("sts", "GetCallerIdentity")),
                                        boost::asio::use_future);
    io.restart();
    io.run();
    if (!future.get()) state.SkipWithError("call failed");
  }
  state.counters["requests_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
}
BENCHMARK(BM_AwsCallsOverOneKeepAliveConnection)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace awsr::aws
