#include "reconcilers/kit/secret_file_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace awsr::reconcilers::kit {
namespace {

struct StemCase {
  const char* reason;
  std::string key_name;
  std::string stem;
};

class SecretFileStemTest : public ::testing::TestWithParam<StemCase> {};

TEST_P(SecretFileStemTest, StaysInsideTheDirectory) {
  EXPECT_EQ(SecretFileStem(GetParam().key_name), GetParam().stem) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, SecretFileStemTest,
    ::testing::Values(StemCase{"a plain name is kept", "deploy-key_1.v2", "deploy-key_1.v2"},
                      StemCase{"a slash cannot make a path", "../../etc/passwd",
                               "%2E.%2F..%2Fetc%2Fpasswd"},
                      StemCase{"a leading dot cannot hide the file", ".hidden", "%2Ehidden"},
                      StemCase{"spaces and symbols are escaped", "my key@home", "my%20key%40home"},
                      StemCase{"an empty name still names a file", "", "%"}));

class SecretFileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "awsr-keys-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    state_dir_ = pattern;
  }

  static unsigned Mode(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 0777;
  }

  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }

  std::string state_dir_;
};

TEST_F(SecretFileStoreTest, SavesOnlyForTheOwnerAndRemovesTwice) {
  const SecretFileStore store(state_dir_ + "/keys", ".pem");
  const std::string secret = "-----BEGIN TEST KEY-----\nnot a real key\n-----END TEST KEY-----";
  auto saved = store.Save("deploy", secret);
  ASSERT_TRUE(saved.has_value()) << saved.error().Describe();
  EXPECT_EQ(*saved, state_dir_ + "/keys/deploy.pem");
  EXPECT_EQ(store.PathFor("deploy"), *saved);
  EXPECT_TRUE(store.Has("deploy"));
  EXPECT_EQ(Mode(state_dir_ + "/keys"), 0700u);
  EXPECT_EQ(Mode(*saved), 0600u);
  // Compared, never printed.
  EXPECT_TRUE(Read(*saved) == secret);

  // Saved again (a re-created key): replaced whole, still 0600, no temporary left behind.
  ASSERT_TRUE(store.Save("deploy", "other").has_value());
  EXPECT_TRUE(Read(*saved) == "other");
  EXPECT_EQ(Mode(*saved), 0600u);
  EXPECT_FALSE(std::ifstream(state_dir_ + "/keys/.deploy.tmp").good());

  ASSERT_TRUE(store.Remove("deploy").has_value());
  EXPECT_FALSE(store.Has("deploy"));
  EXPECT_TRUE(store.Remove("deploy").has_value()) << "already gone is fine";
}

TEST_F(SecretFileStoreTest, TightensALooseDirectory) {
  ASSERT_EQ(::mkdir((state_dir_ + "/keys").c_str(), 0755), 0);
  ASSERT_TRUE(SecretFileStore(state_dir_ + "/keys", ".pem").Save("k", "x").has_value());
  EXPECT_EQ(Mode(state_dir_ + "/keys"), 0700u);
}

TEST_F(SecretFileStoreTest, AnUnwritableDirectoryIsAnErrorNamingThePathOnly) {
  const SecretFileStore store(state_dir_ + "/missing/parent/keys", ".pem");
  auto saved = store.Save("k", "secret-material");
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().message.find("secret-material"), std::string::npos);
  EXPECT_NE(saved.error().message.find("missing/parent"), std::string::npos);
}

TEST_F(SecretFileStoreTest, EachUserOfTheStoreHasItsOwnDirectoryAndExtension) {
  const SecretFileStore keys(state_dir_ + "/keys", ".pem");
  const SecretFileStore access_keys(state_dir_ + "/access-keys", ".secret");
  ASSERT_TRUE(access_keys.MarkPending("AKIAEXAMPLE").has_value());
  EXPECT_TRUE(access_keys.IsPending("AKIAEXAMPLE"));
  EXPECT_FALSE(keys.IsPending("AKIAEXAMPLE"));
  auto saved = access_keys.Save("AKIAEXAMPLE", "secret-access-key-text");
  ASSERT_TRUE(saved.has_value()) << saved.error().Describe();
  EXPECT_EQ(*saved, state_dir_ + "/access-keys/AKIAEXAMPLE.secret");
  EXPECT_EQ(Mode(*saved), 0600u);
  EXPECT_FALSE(access_keys.IsPending("AKIAEXAMPLE")) << "saving clears the pending mark";
  EXPECT_FALSE(keys.Has("AKIAEXAMPLE"));
}

}  // namespace
}  // namespace awsr::reconcilers::kit
