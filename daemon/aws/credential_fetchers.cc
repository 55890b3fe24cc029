#include "daemon/aws/credential_fetchers.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <sstream>

#include "daemon/aws/aws_client.h"
#include "daemon/aws/credential_parsing.h"

namespace awsr::aws {
namespace {

constexpr auto kUseTuple = boost::asio::as_tuple(boost::asio::use_awaitable);

Error SourceError(ErrorKind kind, std::string message) {
  Error error = MakeError(kind, std::move(message));
  error.aws_code = "CredentialsUnavailable";
  return error;
}

Result<Credentials> FromStsResponse(Result<AwsResponse> response) {
  if (!response) return response.error();
  return CredentialsFromStsResult(response->data);
}

}  // namespace

boost::asio::awaitable<Result<Credentials>> FetchAssumeRole(std::shared_ptr<AwsClient> sts,
                                                            std::string role_arn,
                                                            std::string session_name,
                                                            std::string external_id) {
  CallRequest call("sts", "AssumeRole", {{"RoleArn", role_arn}, {"RoleSessionName", session_name}});
  if (!external_id.empty()) call.params["ExternalId"] = external_id;
  call.idempotent = true;  // issuing a second set of temporary credentials is harmless
  co_return FromStsResponse(co_await sts->Call(std::move(call)));
}

boost::asio::awaitable<Result<Credentials>> FetchWebIdentity(std::shared_ptr<AwsClient> sts,
                                                             std::string role_arn,
                                                             std::string token_file,
                                                             std::string session_name) {
  std::ifstream in(token_file);
  if (!in) {
    co_return SourceError(ErrorKind::kAccessDenied,
                          "cannot read web identity token file " + token_file);
  }
  std::stringstream token;
  token << in.rdbuf();
  CallRequest call("sts", "AssumeRoleWithWebIdentity",
                   {{"RoleArn", role_arn},
                    {"RoleSessionName", session_name},
                    {"WebIdentityToken", token.str()}});
  call.anonymous = true;  // the token is the proof; AWS takes this call unsigned
  call.idempotent = true;
  co_return FromStsResponse(co_await sts->Call(std::move(call)));
}

boost::asio::awaitable<Result<Credentials>> FetchFromProcess(boost::asio::any_io_executor executor,
                                                             std::string command,
                                                             std::chrono::seconds timeout) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    co_return SourceError(ErrorKind::kTransient, "credential_process: pipe failed");
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(out[0]);
    close(out[1]);
    co_return SourceError(ErrorKind::kTransient, "credential_process: fork failed");
  }
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  boost::asio::posix::stream_descriptor reader(executor, out[0]);
  boost::asio::steady_timer deadline(executor, timeout);
  deadline.async_wait([&reader](boost::system::error_code ec) {
    if (!ec) reader.cancel();  // only touched while this coroutine is still reading
  });
  std::string output;
  char buffer[4096];
  for (;;) {
    auto [ec, n] = co_await reader.async_read_some(boost::asio::buffer(buffer), kUseTuple);
    output.append(buffer, n);
    if (ec || output.size() > 1024 * 1024) break;
  }
  bool timed_out = deadline.expiry() <= std::chrono::steady_clock::now();
  deadline.cancel();
  reader.close();
  // The child closed stdout, so it is exiting; reap it without blocking the loop.
  int status = 0;
  boost::asio::steady_timer poll(executor);
  for (int tries = 0; waitpid(pid, &status, WNOHANG) == 0; ++tries) {
    if (timed_out || tries > 500) kill(pid, SIGKILL);
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(kUseTuple);
  }
  if (timed_out) co_return SourceError(ErrorKind::kTransient, "credential_process timed out");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    co_return SourceError(ErrorKind::kAccessDenied, "credential_process exited with failure");
  }
  co_return CredentialsFromProcessOutput(output);
}

boost::asio::awaitable<Result<Credentials>> FetchFromImds(std::shared_ptr<HttpTransport> transport,
                                                          TransportTarget imds) {
  const std::string host =
      imds.port == 80 ? imds.host : imds.host + ":" + std::to_string(imds.port);
  HttpRequest token_request;
  token_request.method = "PUT";
  token_request.path = "/latest/api/token";
  token_request.headers = {{"Host", host}, {"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  auto token = co_await transport->Send(imds, token_request);
  if (!token) co_return token.error();
  if (token->status != 200) {
    co_return SourceError(ErrorKind::kAccessDenied,
                          "IMDS token request answered " + std::to_string(token->status));
  }
  HttpRequest role_request;
  role_request.path = "/latest/meta-data/iam/security-credentials/";
  role_request.headers = {{"Host", host}, {"X-aws-ec2-metadata-token", token->body}};
  auto role = co_await transport->Send(imds, role_request);
  if (!role) co_return role.error();
  std::string role_name = role->body.substr(0, role->body.find('\n'));
  if (role->status != 200 || role_name.empty()) {
    co_return SourceError(ErrorKind::kAccessDenied, "no IAM role attached to this instance");
  }
  HttpRequest credentials_request = role_request;
  credentials_request.path += role_name;
  auto document = co_await transport->Send(imds, credentials_request);
  if (!document) co_return document.error();
  if (document->status != 200) {
    co_return SourceError(ErrorKind::kTransient,
                          "IMDS credentials answered " + std::to_string(document->status));
  }
  co_return CredentialsFromImdsDocument(document->body);
}

}  // namespace awsr::aws
