// `awsreconciled export` of Lambda functions: AWS has no Code property for a function, only
// GetFunction's Code. An image is declared by its ImageUri; a zip by the deployed package
// itself, which GetFunction offers as a presigned URL valid ten minutes (Code.Location). The
// export downloads it (a plain GET, not signed by us: the URL carries its own signature) and
// writes it beside the files as code/<FunctionName>.zip, declared as Code.ZipFile
// "fileb://code/<FunctionName>.zip", which the reconciler reads relative to the desired-state
// directory (reconcilers/lambda/function_code.h) and finds equal to the deployed CodeSha256:
// nothing is deployed again. Bytes that do not hash to CodeSha256, or a failed download, leave
// the function out (and its URL and permissions with it), saying why.
//
// The presigned URL is never logged nor put in a reason: whoever holds it can download the code.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/aws/transport.h"
#include "daemon/export/account_reading.h"
#include "daemon/export/export_files.h"

namespace awsr::exporting {

// What GetFunction's answer says about a function's code. Pure.
struct CodeChoice {
  nlohmann::json code;       // the file's Code: {"ImageUri": ...} or {"ZipFile": "fileb://..."}
  std::string download_url;  // a zip's Code.Location, to download
  std::string code_sha256;   // what the downloaded bytes must hash to
  std::string why_not;       // not empty: the function cannot be declared, and why
};

// `zip_path` is where the zip goes under --out (CodeZipPath).
CodeChoice ChooseCode(const nlohmann::json& get_function, const std::string& zip_path);

// "code/<name>.zip"; "code/<region>/<name>.zip" for a function outside the default region (a
// name is unique in its region only).
std::string CodeZipPath(const engine::ObservedResource& function, const std::string& default_region);

// Whether `zip` is the deployed package: the base64 of its SHA-256 is CodeSha256.
bool MatchesCodeSha256(std::string_view zip, std::string_view code_sha256);

struct Download {
  aws::TransportTarget target;
  aws::HttpRequest request;
};

// A GET of `url` as given (its query is its signature, sent untouched): https, or plain http to
// a loopback host (the fake). The error does not quote the URL.
Result<Download> DownloadOf(std::string_view url);

// The transport's limits for downloads: a zip the reconciler can deploy from a file is at most
// 50 MB, and a larger one is left out before it is fetched.
aws::TransportSettings CodeDownloadSettings();

// Zip files to write: path under --out -> bytes.
using CodeFiles = std::map<std::string, std::string>;

// For every function in `found` that `exported` keeps (ScreenForExport: another owner's, or one
// outside the --tag filter, is not even asked for): GetFunction, its Code set in its observed
// properties, and a zip's bytes downloaded into the answer; a function whose code cannot be had
// gets `why_not_exported` instead, and BuildExportFiles leaves it out with that reason. `found`
// is the caller's, who awaits this directly.
boost::asio::awaitable<CodeFiles> FetchFunctionCode(
    aws::AwsClient& client, aws::HttpTransport& downloads, std::vector<FoundResource>& found,
    std::string default_region, std::function<bool(const FoundResource&)> exported);

// The files `exported` names in a function's Code.ZipFile: a function left out for another
// reason (another owner, a --tag filter) names none, and its zip is not written.
CodeFiles NamedCodeFiles(CodeFiles files, const ExportedFiles& exported);

}  // namespace awsr::exporting
