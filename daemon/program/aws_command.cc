#include "daemon/program/aws_command.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cctype>
#include <iostream>

#include "daemon/aws/aws_client.h"
#include "daemon/aws/credential_chain.h"

namespace awsr::aws {
namespace {

constexpr char kUsage[] =
    "usage: awsreconciled aws [--region R] [--endpoint-url URL] <service> <Operation> "
    "[Key=Value ...]\n"
    "   e.g. awsreconciled aws sts get-caller-identity\n"
    "        awsreconciled aws ec2 DescribeVpcs "
    "'Filter=[{\"Name\":\"tag-key\",\"Value\":[\"a\"]}]'\n";

// "get-caller-identity" -> "GetCallerIdentity"; PascalCase passes through.
std::string OperationName(const std::string& word) {
  std::string out;
  bool upper = true;
  for (char c : word) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return out;
}

nlohmann::json ParseValue(const std::string& text) {
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

}  // namespace

int RunAwsCommand(std::vector<std::string> args) {
  Environment env = Environment::FromProcess();
  ClientSettings settings;
  settings.region = env.GetOr("AWS_REGION", env.GetOr("AWS_DEFAULT_REGION", "us-east-1"));
  std::vector<std::string> words;
  for (size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--region" || args[i] == "--endpoint-url") && i + 1 < args.size()) {
      (args[i] == "--region" ? settings.region : settings.endpoints.endpoint_url) = args[++i];
    } else if (args[i] == "-h" || args[i] == "--help") {
      std::cout << kUsage;
      return 0;
    } else {
      words.push_back(args[i]);
    }
  }
  if (words.size() < 2) {
    std::cerr << kUsage;
    return 2;
  }
  CallRequest call(words[0], OperationName(words[1]));
  for (size_t i = 2; i < words.size(); ++i) {
    size_t eq = words[i].find('=');
    if (eq == std::string::npos) {
      std::cerr << "expected Key=Value, got '" << words[i] << "'\n" << kUsage;
      return 2;
    }
    call.params[words[i].substr(0, eq)] = ParseValue(words[i].substr(eq + 1));
  }

  boost::asio::io_context io;
  CredentialChainSettings chain_settings;
  chain_settings.region = settings.region;
  chain_settings.endpoints = settings.endpoints;
  auto chain = std::make_shared<CredentialChain>(io.get_executor(), env, chain_settings);
  AwsClient client(io.get_executor(), chain, settings, env);
  auto future = boost::asio::co_spawn(io, client.Call(std::move(call)), boost::asio::use_future);
  io.run();
  Result<AwsResponse> response = future.get();
  if (!response) {
    std::cerr << response.error().Describe() << "\n";
    return 1;
  }
  nlohmann::json out = response->data;
  std::cout << out.dump(2) << "\n";
  std::cerr << "request-id: " << response->request_id
            << "  credentials: " << client.CredentialSource() << "\n";
  return 0;
}

}  // namespace awsr::aws
