#include "reconcilers/secretsmanager/secret_value.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::secretsmanager {
namespace {

using nlohmann::json;

TEST(SecretValueTest, GenerateSecretStringAsCloudFormationReadsIt) {
  const json generate = {{"SecretStringTemplate", R"({"username": "awsuser"})"},
                         {"GenerateStringKey", "password"},
                         {"PasswordLength", "24"},
                         {"ExcludePunctuation", "true"},
                         {"ExcludeCharacters", "\"@/"}};
  EXPECT_EQ(
      RandomPasswordParams(generate),
      (json{{"PasswordLength", 24}, {"ExcludePunctuation", true}, {"ExcludeCharacters", "\"@/"}}));
  // As JSON numbers and booleans too.
  EXPECT_EQ(RandomPasswordParams(json{{"PasswordLength", 30}, {"IncludeSpace", false}}),
            (json{{"PasswordLength", 30}, {"IncludeSpace", false}}));
  auto text = GeneratedSecretText(generate, "pw");
  ASSERT_TRUE(text);
  EXPECT_EQ(json::parse(*text), (json{{"username", "awsuser"}, {"password", "pw"}}));
  EXPECT_EQ(*GeneratedSecretText(json::object(), "pw"), "pw");
  EXPECT_FALSE(GeneratedSecretText(json{{"SecretStringTemplate", "[1]"}}, "pw"));
}

}  // namespace
}  // namespace awsr::reconcilers::secretsmanager
