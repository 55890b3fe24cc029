#include "daemon/export/function_code_download.h"

#include <gtest/gtest.h>

namespace awsr::exporting {
namespace {

using nlohmann::json;

// base64(SHA-256("abc")), as Lambda writes CodeSha256.
constexpr char kAbcSha256[] = "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
constexpr char kLocation[] =
    "https://awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com/snapshots/123456789012/"
    "hello-0f1e?versionId=abc&X-Amz-Credential=ASIA%2F20260101%2Fs3&X-Amz-Signature=5e1f";

json ZipFunction(json size = 1234) {
  return {{"Configuration",
           {{"FunctionName", "hello"},
            {"PackageType", "Zip"},
            {"CodeSha256", kAbcSha256},
            {"CodeSize", size}}},
          {"Code", {{"RepositoryType", "S3"}, {"Location", kLocation}}}};
}

TEST(FunctionCodeDownloadTest, AZipIsDownloadedFromItsLocationAndDeclaredAsTheFile) {
  const CodeChoice choice = ChooseCode(ZipFunction(), "code/hello.zip");
  EXPECT_EQ(choice.why_not, "");
  EXPECT_EQ(choice.code, json({{"ZipFile", "fileb://code/hello.zip"}}));
  EXPECT_EQ(choice.download_url, kLocation);
  EXPECT_EQ(choice.code_sha256, kAbcSha256);
}

TEST(FunctionCodeDownloadTest, AnImageIsDeclaredByItsUriWithoutADownload) {
  const json image = {
      {"Configuration", {{"PackageType", "Image"}, {"CodeSha256", "ZGlnZXN0"}}},
      {"Code",
       {{"RepositoryType", "ECR"},
        {"ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1"},
        {"ResolvedImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:00"}}}};
  const CodeChoice choice = ChooseCode(image, "code/app.zip");
  EXPECT_EQ(choice.code, json({{"ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1"}}));
  EXPECT_EQ(choice.download_url, "");
  EXPECT_EQ(choice.why_not, "");
}

TEST(FunctionCodeDownloadTest, CodeThatCannotBeWrittenAsAFileSaysWhy) {
  const struct {
    const char* reason;
    json get_function;
    const char* said;
  } rows[] = {
      {"no Location", {{"Configuration", {{"CodeSha256", kAbcSha256}}}, {"Code", json::object()}},
       "no Code.Location"},
      {"no CodeSha256 to check the bytes against",
       {{"Configuration", json::object()}, {"Code", {{"Location", kLocation}}}},
       "no Code.Location and CodeSha256"},
      {"more than a fileb:// zip may be", ZipFunction(60 * 1024 * 1024), "S3Bucket, S3Key"},
      {"an image without its URI",
       {{"Configuration", {{"PackageType", "Image"}}}, {"Code", json::object()}},
       "no Code.ImageUri"},
  };
  for (const auto& row : rows) {
    const CodeChoice choice = ChooseCode(row.get_function, "code/hello.zip");
    EXPECT_NE(choice.why_not.find(row.said), std::string::npos) << row.reason << ": " << choice.why_not;
    EXPECT_TRUE(choice.code.is_null()) << row.reason;
    EXPECT_EQ(choice.download_url, "") << row.reason;
  }
}

TEST(FunctionCodeDownloadTest, TheDownloadedBytesMustBeTheDeployedCode) {
  EXPECT_TRUE(MatchesCodeSha256("abc", kAbcSha256));
  EXPECT_FALSE(MatchesCodeSha256("abd", kAbcSha256));
  EXPECT_FALSE(MatchesCodeSha256("", kAbcSha256));
  EXPECT_FALSE(MatchesCodeSha256("abc", ""));
}

TEST(FunctionCodeDownloadTest, ZipsOutsideTheDefaultRegionGoInTheirRegionsFolder) {
  engine::ObservedResource function;
  function.physical_id = "hello";
  function.region = "eu-west-1";
  EXPECT_EQ(CodeZipPath(function, "eu-west-1"), "code/hello.zip");
  EXPECT_EQ(CodeZipPath(function, "us-east-1"), "code/eu-west-1/hello.zip");
}

TEST(FunctionCodeDownloadTest, TheLocationIsFetchedAsGivenWithItsSignatureUntouched) {
  auto download = DownloadOf(kLocation);
  ASSERT_TRUE(download) << download.error().message;
  EXPECT_TRUE(download->target.tls);
  EXPECT_EQ(download->target.host, "awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(download->target.port, 443);
  EXPECT_EQ(download->request.method, "GET");
  EXPECT_EQ(download->request.Target(),
            "/snapshots/123456789012/hello-0f1e?versionId=abc&X-Amz-Credential=ASIA%2F20260101"
            "%2Fs3&X-Amz-Signature=5e1f");
  EXPECT_EQ(download->request.Header("Host"),
            "awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(download->request.Header("Authorization"), "") << "the URL signs itself";

  auto fake = DownloadOf("http://127.0.0.1:4566/awslambda-us-east-1-tasks/snapshots/1/fn-2?a=b");
  ASSERT_TRUE(fake) << fake.error().message;
  EXPECT_FALSE(fake->target.tls);
  EXPECT_EQ(fake->target.port, 4566);
  EXPECT_EQ(fake->request.Header("Host"), "127.0.0.1:4566");

  // Plain http elsewhere is refused, without repeating the URL (it grants the download).
  auto plain = DownloadOf("http://example.com/snapshots/x?X-Amz-Signature=5e1f");
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().message.find("5e1f"), std::string::npos) << plain.error().message;
  EXPECT_FALSE(DownloadOf("not a url"));
}

TEST(FunctionCodeDownloadTest, OnlyTheZipsTheFilesNameAreWritten) {
  ExportedFiles exported;
  exported.files["lambda.json"] = {
      {"Resources",
       {{"HelloFunction",
         {{"Type", "AWS::Lambda::Function"},
          {"Properties", {{"Code", {{"ZipFile", "fileb://code/hello.zip"}}}}}}},
        {"AppFunction",
         {{"Type", "AWS::Lambda::Function"},
          {"Properties", {{"Code", {{"ImageUri", "repo/app:1"}}}}}}},
        {"HelloUrl", {{"Type", "AWS::Lambda::Url"}, {"Properties", {{"AuthType", "NONE"}}}}}}}};
  const CodeFiles written = NamedCodeFiles(
      {{"code/hello.zip", "PK1"}, {"code/theirs.zip", "PK2"}}, exported);
  EXPECT_EQ(written, (CodeFiles{{"code/hello.zip", "PK1"}}));
}

TEST(FunctionCodeDownloadTest, AFunctionWhoseCodeCouldNotBeHadIsLeftOutWithItsChildren) {
  const std::string arn = "arn:aws:lambda:eu-west-1:123456789012:function:hello";
  FoundResource function;
  function.type = "AWS::Lambda::Function";
  function.service = "lambda";
  function.name_property = "FunctionName";
  function.observed.physical_id = "hello";
  function.observed.region = "eu-west-1";
  function.observed.attributes = {{"Arn", arn}};
  function.observed.properties = {{"FunctionName", "hello"},
                                  {"Role", "arn:aws:iam::123456789012:role/hello"}};
  function.why_not_exported = "its code: downloading it answered HTTP 403";
  FoundResource url;
  url.type = "AWS::Lambda::Url";
  url.service = "lambda";
  url.observed.physical_id = arn;
  url.observed.region = "eu-west-1";
  url.observed.properties = {{"TargetFunctionArn", arn}, {"AuthType", "NONE"}};

  ExportOptions options;
  options.owner = "team-a";
  options.default_region = "eu-west-1";
  const ExportedFiles exported =
      BuildExportFiles({function, url}, options, config::TypeCatalog::Embedded());
  EXPECT_EQ(exported.resources, 0u);
  EXPECT_EQ(exported.left_out,
            (std::vector<std::string>{
                "AWS::Lambda::Function hello: its code: downloading it answered HTTP 403",
                "AWS::Lambda::Url " + arn + ": its parent is left out"}));
}

}  // namespace
}  // namespace awsr::exporting
