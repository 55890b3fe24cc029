#include "daemon/engine/secrets.h"

#include <gtest/gtest.h>

#include <regex>

#include "config/schemas/embedded_schema.h"

namespace awsr::engine {
namespace {

using nlohmann::json;

// String properties of the specification whose names look secret but are not: each is named
// here on purpose, so a new one must be classified one way or the other.
const std::set<std::string> kNotSecret = {
    "AWS::EC2::KeyPair/PublicKeyMaterial",
    // The address of an identity provider's token endpoint, not a token.
    "AWS::ElasticLoadBalancingV2::Listener.AuthenticateOidcConfig/TokenEndpoint",
    "AWS::ElasticLoadBalancingV2::ListenerRule.AuthenticateOidcConfig/TokenEndpoint",
    // An Alexa skill's ID, which Lambda calls a token: public in the skill's manifest.
    "AWS::Lambda::Permission/EventSourceToken",
    "AWS::RDS::DBInstance.MasterUserSecret/SecretArn",
    "AWS::SecretsManager::Secret.GenerateSecretString/SecretStringTemplate",
};

// Where a property path of the project list leads in the specification: the property's type
// name ("AWS::IAM::User.LoginProfile") or empty when a member does not exist.
std::string Resolve(const json& schema, const SecretProperty& secret) {
  const json& types = schema.at("ResourceTypes");
  if (!types.contains(std::string(secret.type))) return "";
  const json* properties = &types.at(std::string(secret.type)).at("Properties");
  std::string owner(secret.type);
  std::string path(secret.path);
  while (true) {
    const auto slash = path.find('/');
    const std::string member = path.substr(0, slash);
    if (!properties->contains(member)) return "";
    if (slash == std::string::npos) return owner + "/" + member;
    const json& spec = (*properties)[member];
    // The generated specification names property types in full ("AWS::IAM::User.LoginProfile").
    const std::string item = spec.value("ItemType", spec.value("Type", ""));
    owner = item.find("::") != std::string::npos ? item : std::string(secret.type) + "." + item;
    const json& types = schema.at("PropertyTypes");
    if (!types.contains(owner)) return "";
    properties = &types.at(owner).at("Properties");
    path = path.substr(slash + 1);
  }
}

TEST(SecretsTest, TheListMatchesTheSpecificationAndClassifiesEverySecretLookingString) {
  const json schema = json::parse(config::EmbeddedSchemaJson());
  std::set<std::string> listed;
  for (const SecretProperty& secret : SecretProperties()) {
    const std::string where = Resolve(schema, secret);
    EXPECT_FALSE(where.empty()) << secret.type << " " << secret.path << " is not in the spec";
    listed.insert(where);
  }
  const std::regex looks_secret("Password|Secret|PrivateKey|UserData|Token|KeyMaterial",
                                std::regex::icase);
  for (const char* kind : {"ResourceTypes", "PropertyTypes"}) {
    for (const auto& [type, spec] : schema[kind].items()) {
      const json properties = spec.value("Properties", json::object());
      for (const auto& [name, property] : properties.items()) {
        if (property.value("PrimitiveType", "") != "String") continue;
        if (!std::regex_search(name, looks_secret)) continue;
        const std::string where = type + "/" + name;
        EXPECT_TRUE(listed.contains(where) || kNotSecret.contains(where))
            << where << " looks secret: list it in secrets.cc or in kNotSecret here";
      }
    }
  }
}

TEST(SecretsTest, RedactsByTypeAndPathNotByNameAlone) {
  const json instance = {{"UserData", "c2VjcmV0"}, {"InstanceType", "t2.micro"}};
  const json redacted = RedactSecrets("AWS::EC2::Instance", instance);
  EXPECT_EQ(redacted["UserData"], kRedacted);
  EXPECT_EQ(redacted["InstanceType"], "t2.micro");
  const json user = {{"UserName", "ops"},
                     {"LoginProfile", {{"Password", "hunter2!"}, {"PasswordResetRequired", true}}}};
  const json user_redacted = RedactSecrets("AWS::IAM::User", user);
  EXPECT_EQ(user_redacted["LoginProfile"]["Password"], kRedacted);
  EXPECT_EQ(user_redacted["LoginProfile"]["PasswordResetRequired"], true) << "no secret";
  EXPECT_EQ(RedactSecrets("AWS::EC2::VPC", user), user) << "another type's names mean nothing";
}

TEST(SecretsTest, ADiffTouchingASecretShowsNeitherValue) {
  std::vector<Change> changes = {{"/UserData", "bmV3", "b2xk", false},
                                 {"/InstanceType", "t3.micro", "t2.micro", false}};
  changes = RedactChanges("AWS::EC2::Instance", std::move(changes));
  EXPECT_EQ(changes[0].desired, kRedacted);
  EXPECT_EQ(changes[0].observed, kRedacted);
  EXPECT_EQ(changes[1].desired, "t3.micro");
  std::vector<Change> nested = {{"/LoginProfile", {{"Password", "hunter2!"}}, nullptr, false}};
  nested = RedactChanges("AWS::IAM::User", std::move(nested));
  EXPECT_EQ(nested[0].desired["Password"], kRedacted);
  EXPECT_TRUE(nested[0].observed.is_null()) << "no value is no secret";
}

TEST(SecretsTest, MessagesAreScrubbedOfTheValues) {
  const json user = {{"LoginProfile", {{"Password", "hunter2!"}}}};
  const auto secrets = SecretValues("AWS::IAM::User", user);
  EXPECT_EQ(Scrub("password hunter2! is too weak (hunter2!)", secrets),
            "password <redacted> is too weak (<redacted>)");
  EXPECT_EQ(Scrub("nothing here", secrets), "nothing here");
}

}  // namespace
}  // namespace awsr::engine
