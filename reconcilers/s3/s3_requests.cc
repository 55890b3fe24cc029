#include "reconcilers/s3/s3_requests.h"

#include <openssl/evp.h>

#include "daemon/base/crypto.h"
#include "daemon/base/json_fields.h"

namespace awsr::reconcilers::s3 {
namespace {

std::string Base64Digest(std::string_view body) {
  const Digest digest = Sha256(body);
  std::string encoded(4 * ((digest.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                     digest.data(), static_cast<int>(digest.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return encoded;
}

}  // namespace

aws::RestRequest BucketRequest(std::string bucket, std::string region, std::string operation,
                               std::string method, std::string subresource) {
  aws::RestRequest request("s3", std::move(operation), std::move(method), "/");
  request.bucket = std::move(bucket);
  request.region = std::move(region);
  if (!subresource.empty()) request.query = {{std::move(subresource), ""}};
  return request;
}

aws::RestRequest BucketPut(std::string bucket, std::string region, std::string operation,
                           std::string subresource, std::string body) {
  aws::RestRequest request = BucketRequest(std::move(bucket), std::move(region),
                                           std::move(operation), "PUT", std::move(subresource));
  request.headers.push_back({"x-amz-checksum-sha256", Base64Digest(body)});
  request.body = std::move(body);
  return request;
}

std::string XmlElement(std::string_view name, std::string_view inner) {
  return "<" + std::string(name) + ">" + std::string(inner) + "</" + std::string(name) + ">";
}

std::string XmlText(const nlohmann::json& value) {
  const std::string text = value.is_string() ? value.get<std::string>()
                           : value.is_null() ? ""
                                             : value.dump();
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string RegionOfLocation(const nlohmann::json& location_constraint) {
  const std::string region =
      location_constraint.is_string()   ? location_constraint.get<std::string>()
      : location_constraint.is_object() ? StringField(location_constraint, "LocationConstraint")
                                        : std::string();
  if (region.empty()) return "us-east-1";
  if (region == "EU") return "eu-west-1";
  return region;
}

engine::Task<std::optional<nlohmann::json>> GetIfSet(aws::AwsClient& client,
                                                     aws::RestRequest request,
                                                     std::string absent_code) {
  auto answer = co_await client.CallRest(std::move(request));
  if (!answer) {
    if (answer.error().aws_code == absent_code) co_return std::optional<nlohmann::json>();
    co_return answer.error();
  }
  co_return std::optional<nlohmann::json>(std::move(answer->data));
}

engine::Task<void> BucketCallForEffect(aws::AwsClient& client, aws::RestRequest request) {
  auto answered = co_await client.CallRest(std::move(request));
  if (!answered) co_return answered.error();
  co_return Result<void>();
}

engine::Task<void> BucketCallIgnoringNotFound(aws::AwsClient& client, aws::RestRequest request) {
  auto answered = co_await client.CallRest(std::move(request));
  if (!answered && answered.error().kind != ErrorKind::kNotFound) co_return answered.error();
  co_return Result<void>();
}

}  // namespace awsr::reconcilers::s3
