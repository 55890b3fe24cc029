#include "reconcilers/codebuild/project_description.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::codebuild {
namespace {

using nlohmann::json;

const json kFileProperties = json::parse(R"({
  "Name": "flask-react-build",
  "Description": "build and test docker images",
  "BadgeEnabled": true,
  "Source": {"Type": "GITHUB", "Location": "https://github.com/x/y.git", "BuildSpec": "buildspec.yml"},
  "Environment": {"Type": "LINUX_CONTAINER", "Image": "aws/codebuild/standard:4.0",
                  "ComputeType": "BUILD_GENERAL1_SMALL", "PrivilegedMode": true,
                  "EnvironmentVariables": [{"Name": "AWS_ACCOUNT_ID", "Value": "123456789012"}]},
  "ServiceRole": "arn:aws:iam::123456789012:role/service-role/build",
  "TimeoutInMinutes": 10,
  "Artifacts": {"Type": "NO_ARTIFACTS"},
  "LogsConfig": {"CloudWatchLogs": {"Status": "ENABLED", "GroupName": "/aws/codebuild/x"}},
  "Tags": [{"Key": "team", "Value": "web"}]
})");

TEST(ProjectDescriptionTest, WritesTheFilesPropertiesInCodeBuildsNames) {
  const json params = ProjectParams(kFileProperties);
  EXPECT_FALSE(params.contains("name")) << "the caller names the project";
  EXPECT_FALSE(params.contains("tags")) << "the caller adds the creation tags";
  EXPECT_EQ(params["source"]["buildspec"], "buildspec.yml");
  EXPECT_EQ(params["source"]["location"], "https://github.com/x/y.git");
  EXPECT_EQ(params["environment"]["privilegedMode"], true);
  EXPECT_EQ(params["environment"]["environmentVariables"][0]["name"], "AWS_ACCOUNT_ID");
  EXPECT_EQ(params["serviceRole"], kFileProperties["ServiceRole"]);
  EXPECT_EQ(params["timeoutInMinutes"], 10);
  EXPECT_EQ(params["artifacts"]["type"], "NO_ARTIFACTS");
  EXPECT_EQ(params["logsConfig"]["cloudWatchLogs"]["groupName"], "/aws/codebuild/x");
  EXPECT_EQ(params["badgeEnabled"], true);
}

TEST(ProjectDescriptionTest, ReadsAProjectBackAsTheFileWroteIt) {
  json project = ProjectParams(kFileProperties);
  project["name"] = "flask-react-build";
  project["arn"] = "arn:aws:codebuild:us-east-1:123456789012:project/flask-react-build";
  project.erase("badgeEnabled");
  project["badge"] = {{"badgeEnabled", true}, {"badgeRequestUrl", "https://x"}};
  project["environment"]["environmentVariables"][0]["type"] = "PLAINTEXT";  // AWS's default
  project["created"] = 1.5e9;
  const json properties = ProjectProperties(project);
  json expected = kFileProperties;
  expected.erase("Tags");
  expected["Environment"]["EnvironmentVariables"][0]["Type"] = "PLAINTEXT";
  EXPECT_EQ(properties, expected);
}

TEST(ProjectDescriptionTest, NamesThePropertiesNotWrittenYet) {
  EXPECT_FALSE(UnsupportedProjectProperty(kFileProperties).has_value());
  json with_triggers = kFileProperties;
  with_triggers["Triggers"] = {{"Webhook", true}};
  const auto error = UnsupportedProjectProperty(with_triggers);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, ErrorKind::kInvalidSpec);
  EXPECT_NE(error->message.find("Triggers"), std::string::npos);
}

}  // namespace
}  // namespace awsr::reconcilers::codebuild
