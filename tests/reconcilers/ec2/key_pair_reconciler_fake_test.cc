// KeyPairReconciler's verbs against tests/fakeaws through the real client. A created key's
// private half is only ever compared, never printed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

constexpr char kPublicKey[] =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLEKEYMATERIALFORTESTSONLY000000000 me@laptop";

std::string StateDir() {
  std::string pattern = ::testing::TempDir() + "awsr-state-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp";
  return pattern;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Everything the engine may show or store of an observed resource.
std::string Shown(const engine::ObservedResource& observed) {
  json attributes = json::object();
  for (const auto& [name, value] : observed.attributes) attributes[name] = value;
  return observed.properties.Unpack().dump() + attributes.dump() + observed.internal.dump();
}

class KeyPairReconcilerFakeTest : public Ec2FakeTest {
 protected:
  engine::DesiredResource Key(json properties = json::object(), std::string name = "deploy") {
    properties["KeyName"] = name;
    return MakeDesired("DeployKey", "AWS::EC2::KeyPair", std::move(properties), name);
  }

  engine::ObservedResource CreateOrFail(engine::DesiredResource desired) {
    auto created = Run(reconciler_.Create(std::move(desired)));
    if (!created) ADD_FAILURE() << created.error().Describe();
    return created ? *created : engine::ObservedResource();
  }

  std::vector<engine::ObservedResource> ObserveOrFail(std::vector<std::string> keys = {}) {
    auto observed = Run(reconciler_.ObserveAll(Scope(std::move(keys))));
    if (!observed) ADD_FAILURE() << observed.error().Describe();
    return observed ? observed->Copies() : std::vector<engine::ObservedResource>();
  }

  std::string state_dir_ = StateDir();
  awsr::testing::RegisteredTypes types_{*client_, state_dir_};
  engine::Reconciler& reconciler_ = types_.Reconciler("AWS::EC2::KeyPair");
};

TEST_F(KeyPairReconcilerFakeTest, CreateKeepsThePrivateKeyInA0600FileOnly) {
  const auto created = CreateOrFail(Key({{"KeyType", "rsa"}}));
  const std::string path = state_dir_ + "/keys/deploy.pem";
  EXPECT_EQ(created.physical_id, "deploy");
  EXPECT_EQ(created.properties["KeyFilePath"], path);
  EXPECT_TRUE(created.attributes.at("KeyPairId").get<std::string>().starts_with("key-"));
  EXPECT_FALSE(created.attributes.at("KeyFingerprint").get<std::string>().empty());
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((state_dir_ + "/keys").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  const std::string secret = ReadFile(path);
  EXPECT_TRUE(secret.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
  EXPECT_TRUE(Shown(created).find(secret) == std::string::npos);
  EXPECT_TRUE(Shown(created).find("PRIVATE KEY") == std::string::npos);
  EXPECT_EQ(Calls("CreateTags"), 0) << "ownership tags go in the create call";

  fake_->Control("POST", "/_fake/calls/reset");
  const auto observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_EQ(Calls("DescribeKeyPairs"), 1);
  EXPECT_EQ(observed[0].properties["KeyFilePath"], path);
  EXPECT_EQ(observed[0].attributes.at("KeyPairId"), created.attributes.at("KeyPairId"));
  EXPECT_TRUE(Shown(observed[0]).find("PRIVATE KEY") == std::string::npos);
  EXPECT_TRUE(reconciler_.Compare(Key({{"KeyType", "rsa"}}), observed[0]).empty());
}

TEST_F(KeyPairReconcilerFakeTest, ImportComparesThePublicKeyWithoutItsComment) {
  const auto created = CreateOrFail(Key({{"PublicKeyMaterial", kPublicKey}}));
  EXPECT_FALSE(created.properties.Contains("KeyFilePath")) << "no private key to keep";
  EXPECT_EQ(Calls("ImportKeyPair"), 1);
  const auto observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_TRUE(reconciler_.Compare(Key({{"PublicKeyMaterial", kPublicKey}}), observed[0]).empty());
  const auto diff = reconciler_.Compare(
      Key({{"PublicKeyMaterial", "ssh-ed25519 AAAAOTHER me@laptop"}}), observed[0]);
  ASSERT_TRUE(diff.Touches("/PublicKeyMaterial"));
  auto updated = Run(types_.Update(Key(), observed[0], diff));
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().kind, ErrorKind::kInvalidSpec) << "AWS cannot change it in place";
}

TEST_F(KeyPairReconcilerFakeTest, CreatingTwiceReturnsOursAndALookAlikeIsSeenByName) {
  const auto first = CreateOrFail(Key());
  const auto again = CreateOrFail(Key());
  EXPECT_EQ(again.attributes.at("KeyPairId"), first.attributes.at("KeyPairId"));
  OutOfBand("CreateKeyPair", {{"KeyName", "theirs"}});
  EXPECT_EQ(ObserveOrFail().size(), 1u) << "not ours, not asked for";
  EXPECT_EQ(ObserveOrFail({"theirs"}).size(), 2u);
  auto taken = Run(reconciler_.Create(Key(json::object(), "theirs")));
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(taken.error().aws_code, "InvalidKeyPair.Duplicate");
}

TEST_F(KeyPairReconcilerFakeTest, TagDriftIsCorrectedOnTheKeyPairId) {
  const json tags = json::array({{{"Key", "team"}, {"Value", "ops"}}});
  const auto created = CreateOrFail(Key({{"Tags", tags}}));
  OutOfBand("DeleteTags",
            {{"ResourceId", {created.attributes.at("KeyPairId")}}, {"Tag", {{{"Key", "team"}}}}});
  auto observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  const auto diff = reconciler_.Compare(Key({{"Tags", tags}}), observed[0]);
  ASSERT_TRUE(diff.Touches("/Tags"));
  ASSERT_TRUE(Run(types_.Update(Key({{"Tags", tags}}), observed[0], diff)).has_value());
  observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_TRUE(reconciler_.Compare(Key({{"Tags", tags}}), observed[0]).empty());
}

TEST_F(KeyPairReconcilerFakeTest, DeleteRemovesTheKeyAndItsFileTwice) {
  const auto created = CreateOrFail(Key());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto deleted = Run(reconciler_.Delete(created));
    ASSERT_TRUE(deleted.has_value()) << attempt << ": " << deleted.error().Describe();
  }
  EXPECT_TRUE(ObserveOrFail().empty());
  EXPECT_FALSE(std::ifstream(state_dir_ + "/keys/deploy.pem").good());
}

// A crash (or a lost answer) between CreateKeyPair and saving the private key leaves a key
// pair of ours whose private half nobody holds: it is replaced, never reported Ready.
TEST_F(KeyPairReconcilerFakeTest, ALostPrivateKeyIsReplaced) {
  const std::string path = state_dir_ + "/keys/deploy.pem";
  const auto lose_private_key = [&] {
    std::filesystem::remove(path);
    std::ofstream(state_dir_ + "/keys/deploy.pending").flush();
  };
  const auto first = CreateOrFail(Key());
  lose_private_key();
  auto observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  const auto diff = reconciler_.Compare(Key(), observed[0]);
  ASSERT_TRUE(diff.Touches("/KeyFilePath")) << "not in sync without its private key";
  ASSERT_TRUE(Run(types_.Update(Key(), observed[0], diff)).has_value());
  observed = ObserveOrFail();
  ASSERT_EQ(observed.size(), 1u);
  EXPECT_NE(observed[0].attributes.at("KeyPairId"), first.attributes.at("KeyPairId"));
  EXPECT_TRUE(reconciler_.Compare(Key(), observed[0]).empty());
  EXPECT_TRUE(ReadFile(path).starts_with("-----BEGIN"));

  // The same through a repeated create (the engine's retry after a lost answer).
  lose_private_key();
  const auto again = CreateOrFail(Key());
  EXPECT_NE(again.attributes.at("KeyPairId"), observed[0].attributes.at("KeyPairId"));
  EXPECT_TRUE(ReadFile(path).starts_with("-----BEGIN"));
  EXPECT_EQ(ObserveOrFail().size(), 1u) << "replaced, not twinned";

  // Without the pending mark (a state directory lost), the key is left alone.
  std::filesystem::remove(path);
  observed = ObserveOrFail();
  EXPECT_FALSE(reconciler_.Compare(Key(), observed.at(0)).Touches("/KeyFilePath"));
}

TEST_F(KeyPairReconcilerFakeTest, RetagOwnershipReleases) {
  const auto created = CreateOrFail(Key());
  auto retagged = Run(
      types_.Ownership("AWS::EC2::KeyPair").Retag(created, {}, {std::string(engine::kOwnerTag)}));
  ASSERT_TRUE(retagged.has_value()) << retagged.error().Describe();
  EXPECT_TRUE(ObserveOrFail().empty());
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
