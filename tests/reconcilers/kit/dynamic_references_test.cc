#include "reconcilers/kit/dynamic_references.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::kit {
namespace {

using nlohmann::json;
using Source = DynamicReference::Source;

struct ParseCase {
  std::string body;
  DynamicReference expected;
};

class ParseDynamicReferenceTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseDynamicReferenceTest, ReadsEveryPart) {
  auto parsed = ParseDynamicReference(GetParam().body);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, GetParam().expected);
}

const std::string kSecretArn =
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:analytics/master-AbCdEf";

INSTANTIATE_TEST_SUITE_P(
    Forms, ParseDynamicReferenceTest,
    ::testing::Values(
        ParseCase{"ssm:/db/password", {Source::kSsm, "/db/password", "", "", "", ""}},
        ParseCase{"ssm:/db/password:3", {Source::kSsm, "/db/password", "", "", "", "3"}},
        ParseCase{"ssm-secure:db-password", {Source::kSsmSecure, "db-password", "", "", "", ""}},
        ParseCase{
            "ssm:arn:aws:ssm:us-east-1:123456789012:parameter/db:2",
            {Source::kSsm, "arn:aws:ssm:us-east-1:123456789012:parameter/db", "", "", "", "2"}},
        ParseCase{"secretsmanager:MySecret", {Source::kSecretsManager, "MySecret", "", "", "", ""}},
        ParseCase{"secretsmanager:MySecret:SecretString:password",
                  {Source::kSecretsManager, "MySecret", "password", "", "", ""}},
        ParseCase{"secretsmanager:MySecret:SecretString:password:AWSPREVIOUS",
                  {Source::kSecretsManager, "MySecret", "password", "AWSPREVIOUS", "", ""}},
        ParseCase{"secretsmanager:MySecret:SecretString:::v-1",
                  {Source::kSecretsManager, "MySecret", "", "", "v-1", ""}},
        ParseCase{"secretsmanager:" + kSecretArn + ":SecretString:password",
                  {Source::kSecretsManager, kSecretArn, "password", "", "", ""}}));

TEST(ParseDynamicReferenceErrorsTest, NameWhatIsWrong) {
  const std::pair<std::string, std::string> cases[] = {
      {"vault:x", "unknown service"},
      {"ssm:", "names nothing"},
      {"secretsmanager:MySecret:SecretBinary", "SecretString"},
      {"secretsmanager:MySecret:SecretString:a:b:c:d", "too many"},
      {"ssm:name:1:2", "too many"},
  };
  for (const auto& [body, words] : cases) {
    auto parsed = ParseDynamicReference(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidSpec);
    EXPECT_NE(parsed.error().message.find(words), std::string::npos) << parsed.error().message;
  }
}

TEST(HasDynamicReferenceTest, FindsReferencesAnywhereInAValue) {
  EXPECT_TRUE(HasDynamicReference(json("{{resolve:ssm:x}}")));
  EXPECT_TRUE(HasDynamicReference(json("prefix-{{resolve:ssm:x}}-suffix")));
  EXPECT_TRUE(HasDynamicReference(json{{"a", json::array({1, "{{resolve:ssm:x}}"})}}));
  EXPECT_FALSE(HasDynamicReference(json("{{resolve")));
  EXPECT_FALSE(HasDynamicReference(json{{"a", 1}, {"b", "plain"}}));
}

}  // namespace
}  // namespace awsr::reconcilers::kit
