// Where a function's code comes from, and how a change of it is seen.
//
// - A local zip: Code.ZipFile "fileb://<path>", the AWS CLI's spelling for "the bytes of this
//   file"; a relative path is read from the desired-state directory. The zip is hashed at each
//   comparison and deployed when its SHA-256 is not the function's CodeSha256 (the base64 of
//   the SHA-256 of the deployed zip), so a new zip at the same path, or code changed outside,
//   is deployed again.
// - An S3 object (S3Bucket, S3Key, S3ObjectVersion) or an image (ImageUri): AWS cannot tell
//   which object made the code, so the source is recorded in the function's tag
//   awsreconciled:code-source, and a different source in the file deploys it. A new object
//   under the same key needs a new S3ObjectVersion.
// Inline source text in ZipFile (CloudFormation zips it) is not supported.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "daemon/base/error.h"

namespace awsr::reconcilers::lambda {

inline constexpr std::string_view kCodeSourceTag = "awsreconciled:code-source";
// How Code.ZipFile names a zip on disk.
inline constexpr std::string_view kZipFilePrefix = "fileb://";
// Lambda takes a zip of at most 50 MB in the call itself: the largest a file may give.
inline constexpr std::uintmax_t kMaxInlineZip = 50u * 1024 * 1024;

struct CodeSource {
  nlohmann::json params;  // the create/update call's code members (ZipFile as base64)
  std::string sha256;     // a local zip's CodeSha256; empty for S3 and images
  std::string stamp;      // what awsreconciled:code-source records; empty for a local zip
};

// The file's Code, with a local zip read; an invalid-spec error naming the reason.
Result<CodeSource> ReadCode(const nlohmann::json& code, const std::string& desired_dir);

// Whether the function's deployed code is what `source` describes: its CodeSha256 for a local
// zip, the code-source tag otherwise. Pure.
bool CodeMatches(const CodeSource& source, const std::string& code_sha256,
                 const std::string& recorded_stamp);

}  // namespace awsr::reconcilers::lambda
