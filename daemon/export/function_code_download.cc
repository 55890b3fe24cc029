#include "daemon/export/function_code_download.h"

#include <boost/url/parse.hpp>
#include <set>

#include "daemon/aws/endpoints.h"
#include "daemon/base/crypto.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/lambda/function_code.h"
#include "reconcilers/lambda/lambda_calls.h"

namespace awsr::exporting {
namespace {

using nlohmann::json;

constexpr std::string_view kFunctionType = "AWS::Lambda::Function";

// The file's Code, with a zip's bytes; or why there is none.
struct FetchedCode {
  json code;
  std::string zip;
  std::string why_not;
};

FetchedCode NoCode(std::string why) { return {json(), "", std::move(why)}; }

boost::asio::awaitable<FetchedCode> FetchCode(aws::AwsClient& client,
                                              aws::HttpTransport& downloads, std::string region,
                                              std::string name, std::string zip_path) {
  aws::RestRequest call = reconcilers::lambda::LambdaCall(
      region, "GetFunction", "GET", reconcilers::lambda::FunctionPath(name));
  auto answer = co_await reconcilers::lambda::CallLambda(client, std::move(call));
  if (!answer) co_return NoCode("GetFunction: " + answer.error().Describe());
  CodeChoice choice = ChooseCode(*answer, zip_path);
  if (!choice.why_not.empty()) co_return NoCode(std::move(choice.why_not));
  if (choice.download_url.empty()) co_return FetchedCode{std::move(choice.code), "", ""};
  auto download = DownloadOf(choice.download_url);
  if (!download) co_return NoCode(download.error().message);
  aws::TransportTarget target = download->target;
  aws::HttpRequest request = std::move(download->request);
  auto response = co_await downloads.Send(std::move(target), std::move(request));
  if (!response) co_return NoCode("downloading it failed: " + response.error().Describe());
  if (response->status != 200)
    co_return NoCode("downloading it answered HTTP " + std::to_string(response->status));
  if (!MatchesCodeSha256(response->body, choice.code_sha256))
    co_return NoCode("the downloaded zip's SHA-256 is not the deployed CodeSha256 " +
                     choice.code_sha256);
  co_return FetchedCode{std::move(choice.code), std::move(response->body), ""};
}

}  // namespace

CodeChoice ChooseCode(const json& get_function, const std::string& zip_path) {
  const json& configuration = get_function.contains("Configuration")
                                  ? get_function["Configuration"]
                                  : json::object();
  const json& code = get_function.contains("Code") ? get_function["Code"] : json::object();
  CodeChoice choice;
  if (StringField(configuration, "PackageType") == "Image") {
    const std::string image = StringField(code, "ImageUri");
    if (image.empty()) {
      choice.why_not = "GetFunction gave no Code.ImageUri for its image";
    } else {
      choice.code = {{"ImageUri", image}};
    }
    return choice;
  }
  choice.download_url = StringField(code, "Location");
  choice.code_sha256 = StringField(configuration, "CodeSha256");
  const json size = configuration.value("CodeSize", json());
  if (choice.download_url.empty() || choice.code_sha256.empty()) {
    choice.why_not = "GetFunction gave no Code.Location and CodeSha256 to download it by";
  } else if (size.is_number() &&
             size.get<double>() > static_cast<double>(reconcilers::lambda::kMaxInlineZip)) {
    choice.why_not = "its zip (" + std::to_string(size.get<std::uintmax_t>()) +
                     " bytes) is larger than the 50 MB a fileb:// file may give Lambda: declare "
                     "its Code from S3 (S3Bucket, S3Key) instead";
  } else {
    choice.code = {{"ZipFile", std::string(reconcilers::lambda::kZipFilePrefix) + zip_path}};
    return choice;
  }
  choice.download_url.clear();
  return choice;
}

std::string CodeZipPath(const engine::ObservedResource& function,
                        const std::string& default_region) {
  const bool elsewhere = !function.region.empty() && function.region != default_region;
  return "code/" + (elsewhere ? function.region.str() + "/" : "") + function.physical_id + ".zip";
}

bool MatchesCodeSha256(std::string_view zip, std::string_view code_sha256) {
  return Base64Encode(AsView(Sha256(zip))) == code_sha256;
}

Result<Download> DownloadOf(std::string_view url) {
  auto endpoint = aws::ParseEndpointUrl(url);
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!endpoint || !parsed)
    return MakeError(ErrorKind::kInvalidSpec,
                     "Code.Location is not an https URL (nor http to this machine)");
  Download download;
  download.target = {endpoint->tls, endpoint->host, endpoint->port};
  // The query goes on the request line as Lambda wrote it: the signature covers it.
  download.request.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) download.request.path += "?" + std::string(parsed->encoded_query());
  download.request.SetHeader("Host", endpoint->HostHeader());
  download.request.safe_to_resend = true;
  return download;
}

aws::TransportSettings CodeDownloadSettings() {
  aws::TransportSettings settings;
  settings.max_response_bytes = reconcilers::lambda::kMaxInlineZip + 1024 * 1024;  // + headers
  settings.total_timeout = std::chrono::minutes(10);  // as long as the URL is good for
  return settings;
}

boost::asio::awaitable<CodeFiles> FetchFunctionCode(
    aws::AwsClient& client, aws::HttpTransport& downloads, std::vector<FoundResource>& found,
    std::string default_region, std::function<bool(const FoundResource&)> exported) {
  CodeFiles files;
  for (FoundResource& function : found) {
    if (function.type != kFunctionType || !exported(function)) continue;
    std::string zip_path = CodeZipPath(function.observed, default_region);
    FetchedCode fetched = co_await FetchCode(client, downloads, function.observed.region,
                                             function.observed.physical_id, zip_path);
    if (!fetched.why_not.empty()) {
      function.why_not_exported = "its code: " + fetched.why_not;
      continue;
    }
    if (fetched.code.contains("ZipFile")) files[zip_path] = std::move(fetched.zip);
    function.observed.properties.Set("Code", std::move(fetched.code));
  }
  co_return files;
}

CodeFiles NamedCodeFiles(CodeFiles files, const ExportedFiles& exported) {
  std::set<std::string> named;
  for (const auto& [file, document] : exported.files) {
    const json resources = document.value("Resources", json::object());
    for (const auto& [logical_id, resource] : resources.items()) {
      const json code =
          resource.value("Properties", json::object()).value("Code", json::object());
      const std::string zip = StringField(code, "ZipFile");
      const std::string_view prefix = reconcilers::lambda::kZipFilePrefix;
      if (zip.starts_with(prefix)) named.insert(zip.substr(prefix.size()));
    }
  }
  std::erase_if(files, [&](const auto& entry) { return !named.contains(entry.first); });
  return files;
}

}  // namespace awsr::exporting
