#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "daemon/base/crypto.h"
#include "reconcilers/lambda/function_children.h"
#include "reconcilers/lambda/function_code.h"
#include "reconcilers/lambda/function_description.h"

namespace awsr::reconcilers::lambda {
namespace {

using nlohmann::json;

TEST(FunctionDescriptionTest, PropertiesAsTheFileWritesThem) {
  const json configuration = {{"FunctionName", "proxy"},
                              {"Runtime", "python3.12"},
                              {"MemorySize", 128},
                              {"Environment", nullptr},
                              {"Layers", {{{"Arn", "arn:layer:1"}, {"CodeSize", 10}}}},
                              {"VpcConfig", {{"SubnetIds", {"b", "a"}}, {"VpcId", "vpc-1"}}},
                              {"KMSKeyArn", "arn:key"}};
  const json properties = FunctionProperties(configuration);
  EXPECT_EQ(properties["Environment"], (json{{"Variables", json::object()}}));
  EXPECT_EQ(properties["Layers"], (json{"arn:layer:1"}));
  EXPECT_FALSE(properties["VpcConfig"].contains("VpcId"));
  EXPECT_EQ(properties["KmsKeyArn"], "arn:key");
  EXPECT_TRUE(CompareConfiguration({{"VpcConfig", {{"SubnetIds", {"a", "b"}}}},
                                    {"Environment", {{"Variables", json::object()}}},
                                    {"Code", {{"ZipFile", "fileb://x.zip"}}}},
                                   properties)
                  .empty());
  EXPECT_FALSE(CompareConfiguration({{"MemorySize", 256}}, properties).empty());
}

TEST(FunctionDescriptionTest, ParamsRefuseWhatThisDaemonDoesNotWrite) {
  EXPECT_FALSE(ConfigurationParams({{"ReservedConcurrentExecutions", 1}}));
  auto params = ConfigurationParams({{"Timeout", 3}, {"KmsKeyArn", "arn:key"}, {"Code", {}}});
  ASSERT_TRUE(params);
  EXPECT_EQ(*params, (json{{"Timeout", 3}, {"KMSKeyArn", "arn:key"}}));
}

TEST(FunctionDescriptionTest, BusyWhilePendingOrUpdating) {
  EXPECT_EQ(Busy({{"State", "Pending"}}), "pending");
  EXPECT_EQ(Busy({{"State", "Active"}, {"LastUpdateStatus", "InProgress"}}), "updating");
  EXPECT_EQ(Busy({{"State", "Active"}, {"LastUpdateStatus", "Successful"}}), "");
}

TEST(FunctionCodeTest, SourcesAndTheirChange) {
  const auto dir = std::filesystem::temp_directory_path() / "awsr-function-code-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "code.zip", std::ios::binary) << "PK-not-really";
  auto zip = ReadCode({{"ZipFile", "fileb://code.zip"}}, dir.string());
  ASSERT_TRUE(zip) << zip.error().message;
  EXPECT_EQ(zip->sha256, Base64Encode(AsView(Sha256("PK-not-really"))));
  EXPECT_EQ(zip->params["ZipFile"], Base64Encode("PK-not-really"));
  EXPECT_TRUE(CodeMatches(*zip, zip->sha256, ""));
  EXPECT_FALSE(CodeMatches(*zip, "other", ""));

  auto s3 = ReadCode({{"S3Bucket", "b"}, {"S3Key", "k.zip"}, {"S3ObjectVersion", "7"}}, "");
  ASSERT_TRUE(s3);
  EXPECT_EQ(s3->stamp, "s3://b/k.zip?versionId=7");
  EXPECT_TRUE(CodeMatches(*s3, "anything", "s3://b/k.zip?versionId=7"));

  auto missing = ReadCode({{"ZipFile", "fileb://absent.zip"}}, dir.string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("absent.zip"), std::string::npos);
  EXPECT_FALSE(ReadCode({{"ZipFile", "def main(): pass"}}, ""));
  EXPECT_FALSE(ReadCode({{"S3Bucket", "b"}}, ""));
  std::filesystem::remove_all(dir);
}

TEST(FunctionChildrenTest, TheFunctionAReferenceNames) {
  struct Row {
    const char* reference;
    const char* name;
  };
  const std::vector<Row> rows = {
      {"proxy", "proxy"},
      {"proxy:live", "proxy"},
      {"123456789012:function:proxy", "proxy"},
      {"arn:aws:lambda:us-east-1:123456789012:function:proxy", "proxy"},
      {"arn:aws:lambda:us-east-1:123456789012:function:proxy:7", "proxy"},
  };
  for (const auto& row : rows) EXPECT_EQ(FunctionNameOf(row.reference), row.name) << row.reference;
}

}  // namespace
}  // namespace awsr::reconcilers::lambda
