// Our own SigV4 cases beyond the official suite.
#include "daemon/aws/sigv4.h"

#include <gtest/gtest.h>

#include "daemon/aws/uri_encoding.h"

namespace awsr::aws {
namespace {

SigningParams Params() {
  SigningParams params;
  params.region = "us-east-1";
  params.service = "service";
  params.time = std::chrono::system_clock::from_time_t(1440938160);
  return params;
}

Credentials Keys() {
  Credentials credentials;
  credentials.access_key_id = "AKID";
  credentials.secret_access_key = "secret";
  return credentials;
}

TEST(Sigv4Test, BareQueryKeyCanonicalizesWithEmptyValue) {
  HttpRequest request;
  request.path = "/";
  request.query = ParseQuery("Param1");
  request.headers = {{"Host", "example.amazonaws.com"}};
  Signature signature = SignRequest(request, Keys(), Params());
  EXPECT_NE(signature.canonical_request.find("\n/\nParam1=\n"), std::string::npos);
}

TEST(Sigv4Test, S3PathIsNotNormalizedNorEncodedTwice) {
  EXPECT_EQ(CanonicalUri("/bucket/my%20key//a/../b", false, false), "/bucket/my%20key//a/../b");
  EXPECT_EQ(CanonicalUri("/my%3Afunc", true, true), "/my%253Afunc");
}

TEST(Sigv4Test, S3AddsContentSha256AndHonoursUnsignedPayload) {
  HttpRequest request;
  request.method = "PUT";
  request.path = "/bucket/key";
  request.body = "data";
  request.headers = {{"Host", "s3.amazonaws.com"}};
  SigningParams params = Params();
  params.service = "s3";
  params.add_content_sha256_header = true;
  params.payload_hash = std::string(kUnsignedPayload);
  Signature signature = SignRequest(request, Keys(), params);
  EXPECT_EQ(request.Header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_TRUE(signature.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
  EXPECT_NE(signature.signed_headers.find("x-amz-content-sha256"), std::string::npos);
}

TEST(Sigv4Test, UserAgentIsNotSigned) {
  HttpRequest request;
  request.headers = {{"Host", "h"}, {"User-Agent", "awsreconciled"}};
  Signature signature = SignRequest(request, Keys(), Params());
  EXPECT_EQ(signature.signed_headers, "host;x-amz-date");
}

TEST(Sigv4Test, SessionTokenIsSignedByDefault) {
  HttpRequest request;
  request.headers = {{"Host", "h"}};
  Credentials credentials = Keys();
  credentials.session_token = "token";
  Signature signature = SignRequest(request, credentials, Params());
  EXPECT_EQ(signature.signed_headers, "host;x-amz-date;x-amz-security-token");
  EXPECT_EQ(request.Header("X-Amz-Security-Token"), "token");
}

TEST(UriEncodingTest, EncodesReservedAndDecodesBack) {
  EXPECT_EQ(UriEncode("a b/c~"), "a%20b%2Fc~");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("100%"), "100%");
}

}  // namespace
}  // namespace awsr::aws
