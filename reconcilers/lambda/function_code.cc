#include "reconcilers/lambda/function_code.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/base/crypto.h"
#include "daemon/base/json_fields.h"

namespace awsr::reconcilers::lambda {
namespace {

using nlohmann::json;

Error Invalid(const std::string& why) {
  return MakeError(ErrorKind::kInvalidSpec, "AWS::Lambda::Function Code: " + why);
}

Result<CodeSource> ReadZip(const std::string& given, const std::string& desired_dir) {
  std::filesystem::path path(given.substr(kZipFilePrefix.size()));
  if (path.is_relative()) path = std::filesystem::path(desired_dir) / path;
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return Invalid("cannot read " + path.string() + ": " + error.message());
  if (size > kMaxInlineZip) return Invalid(path.string() + " is larger than Lambda's 50 MB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return Invalid("cannot read " + path.string());
  const std::string zip = bytes.str();
  CodeSource source;
  source.sha256 = Base64Encode(AsView(Sha256(zip)));
  source.params = {{"ZipFile", Base64Encode(zip)}};
  return source;
}

}  // namespace

Result<CodeSource> ReadCode(const json& code, const std::string& desired_dir) {
  if (!code.is_object()) return Invalid("must be an object");
  const std::string zip_file = StringField(code, "ZipFile");
  if (!zip_file.empty()) {
    if (!zip_file.starts_with(kZipFilePrefix))
      return Invalid("ZipFile must name a zip as fileb://<path>; inline source is not supported");
    return ReadZip(zip_file, desired_dir);
  }
  CodeSource source;
  if (!StringField(code, "ImageUri").empty()) {
    source.params = {{"ImageUri", code["ImageUri"]}};
    source.stamp = "image:" + StringField(code, "ImageUri");
    return source;
  }
  const std::string bucket = StringField(code, "S3Bucket");
  const std::string key = StringField(code, "S3Key");
  if (bucket.empty() || key.empty())
    return Invalid("give ZipFile (fileb://<path>), S3Bucket and S3Key, or ImageUri");
  source.params = {{"S3Bucket", bucket}, {"S3Key", key}};
  source.stamp = "s3://" + bucket + "/" + key;
  const std::string version = StringField(code, "S3ObjectVersion");
  if (!version.empty()) {
    source.params["S3ObjectVersion"] = version;
    source.stamp += "?versionId=" + version;
  }
  // AWS tag values are at most 256 characters: a longer source is recorded by its hash.
  if (source.stamp.size() > 256) source.stamp = "sha256:" + Sha256Hex(source.stamp);
  return source;
}

bool CodeMatches(const CodeSource& source, const std::string& code_sha256,
                 const std::string& recorded_stamp) {
  if (!source.sha256.empty()) return source.sha256 == code_sha256;
  return source.stamp == recorded_stamp;
}

}  // namespace awsr::reconcilers::lambda
