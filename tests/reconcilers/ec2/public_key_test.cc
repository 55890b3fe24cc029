#include "reconcilers/ec2/public_key.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::ec2 {
namespace {

struct CanonicalCase {
  const char* reason;
  std::string text;
  std::string canonical;
};

class CanonicalPublicKeyTest : public ::testing::TestWithParam<CanonicalCase> {};

TEST_P(CanonicalPublicKeyTest, KeepsTypeAndKey) {
  EXPECT_EQ(CanonicalPublicKey(GetParam().text), GetParam().canonical) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CanonicalPublicKeyTest,
    ::testing::Values(
        CanonicalCase{"the comment goes", "ssh-ed25519 AAAAC3Nz me@laptop", "ssh-ed25519 AAAAC3Nz"},
        CanonicalCase{"no comment", "ssh-rsa AAAAB3Nz", "ssh-rsa AAAAB3Nz"},
        CanonicalCase{"surrounding whitespace and newline", "  ssh-rsa   AAAAB3Nz \n",
                      "ssh-rsa AAAAB3Nz"},
        CanonicalCase{"not a key: trimmed", " garbage ", "garbage"},
        CanonicalCase{"empty", "", ""}));

TEST(PublicKeyBlobTest, IsTheTextInBase64) {
  EXPECT_EQ(PublicKeyBlob("ssh-rsa AAAA"), "c3NoLXJzYSBBQUFB");
  EXPECT_EQ(PublicKeyBlob("a"), "YQ==");
  EXPECT_EQ(PublicKeyBlob(""), "");
}

}  // namespace
}  // namespace awsr::reconcilers::ec2
