// How S3's bucket calls are sent: addressed to the bucket's own region (a bucket answers only
// there), XML bodies written from JSON, and the checksum S3 requires on every Put of a bucket
// setting.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::s3 {

// A call on `bucket` in `region`; `subresource` is the query that names the setting
// ("tagging", "versioning", ...; empty for the bucket itself).
aws::RestRequest BucketRequest(std::string bucket, std::string region, std::string operation,
                               std::string method, std::string subresource);

// The same carrying `body` and its x-amz-checksum-sha256 (S3 refuses these Puts without one).
aws::RestRequest BucketPut(std::string bucket, std::string region, std::string operation,
                           std::string subresource, std::string body);

// <name>inner</name>; Text escapes a value for inside an element.
std::string XmlElement(std::string_view name, std::string_view inner);
std::string XmlText(const nlohmann::json& value);

// S3's region word: GetBucketLocation answers nothing for us-east-1 and "EU" for eu-west-1.
std::string RegionOfLocation(const nlohmann::json& location_constraint);

// The answer's body, or nullopt when `code` says the setting is not there (NoSuchTagSet, ...).
engine::Task<std::optional<nlohmann::json>> GetIfSet(aws::AwsClient& client,
                                                     aws::RestRequest request,
                                                     std::string absent_code);

// Sends `request` for its effect (a Put or a Delete): its error, or nothing.
engine::Task<void> BucketCallForEffect(aws::AwsClient& client, aws::RestRequest request);

// The same where "not found" means done: deleting what is already gone.
engine::Task<void> BucketCallIgnoringNotFound(aws::AwsClient& client, aws::RestRequest request);

}  // namespace awsr::reconcilers::s3
