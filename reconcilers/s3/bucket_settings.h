// The bucket settings S3 keeps one call apart — tags, versioning, public access block, default
// encryption, lifecycle — between CloudFormation's shape and S3's XML. Pure: the reconciler
// sends and reads, these translate.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/error.h"

namespace awsr::reconcilers::s3 {

// One setting: its CloudFormation property, the query word that names it, and S3's calls.
struct BucketSetting {
  std::string_view property;     // "VersioningConfiguration"
  std::string_view subresource;  // "versioning"
  std::string_view get;          // "GetBucketVersioning"
  std::string_view put;          // "PutBucketVersioning"
  std::string_view absent_code;  // what Get answers when the bucket has none
};

// Every setting the bucket reconciler reads one bucket at a time, "Tags" first.
const std::vector<BucketSetting>& BucketSettings();
const BucketSetting* FindBucketSetting(std::string_view property);

// The Put body for `value`, a CloudFormation value of `property` (for "Tags": every tag, as
// [{Key, Value}]); an invalid-spec error naming the field it cannot send.
Result<std::string> SettingBody(std::string_view property, const nlohmann::json& value);

// What Get answered (its body as JSON; nullopt: the bucket has none), in CloudFormation's
// shape; null when the bucket has none ("Tags": an empty list).
nlohmann::json SettingFromAws(std::string_view property, const std::optional<nlohmann::json>& got);

}  // namespace awsr::reconcilers::s3
