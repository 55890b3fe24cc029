#include "daemon/program/local_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/test_directory.h"

namespace awsr {
namespace {

namespace fs = std::filesystem;
using Outcome = LocalFileRead::Outcome;

class LocalFilesTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text, mode_t mode = 0600) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path.string();
  }

  testing::TestDirectory scratch_{"awsr-local-files"};
  const fs::path dir_ = scratch_.path();
};

TEST_F(LocalFilesTest, OnlyAMissingFileIsGone) {
  EXPECT_EQ(ReadLocalFile(Write("a.json", "{}"), 1024).outcome, Outcome::kText);
  EXPECT_EQ(ReadLocalFile((dir_ / "missing.json").string(), 1024).outcome, Outcome::kGone);

  fs::create_directories(dir_ / "dir.json");
  const LocalFileRead directory = ReadLocalFile((dir_ / "dir.json").string(), 1024);
  EXPECT_EQ(directory.outcome, Outcome::kUnreadable);

  ASSERT_EQ(::mkfifo((dir_ / "fifo.json").c_str(), 0600), 0);
  const LocalFileRead fifo = ReadLocalFile((dir_ / "fifo.json").string(), 1024);  // no writer
  EXPECT_EQ(fifo.outcome, Outcome::kUnreadable);
  EXPECT_EQ(fifo.text_or_reason, "not a regular file");

  const LocalFileRead big = ReadLocalFile(Write("big.json", std::string(2048, ' ')), 1024);
  EXPECT_EQ(big.outcome, Outcome::kUnreadable);
  EXPECT_NE(big.text_or_reason.find("over the"), std::string::npos);
}

// Kubernetes mounts a ConfigMap as symlinks through `..data`; mid-swap, or with the share
// unmounted, a link can name nothing. That is not the operator removing the file.
TEST_F(LocalFilesTest, ADanglingSymlinkIsUnreadableNotGone) {
  const std::string target = Write("target.json", "{\"Resources\":{}}");
  fs::create_symlink(target, dir_ / "linked.json");
  EXPECT_EQ(ReadLocalFile((dir_ / "linked.json").string(), 1024).outcome, Outcome::kText)
      << "a symlink to a file is followed";

  fs::remove(target);
  const LocalFileRead dangling = ReadLocalFile((dir_ / "linked.json").string(), 1024);
  EXPECT_EQ(dangling.outcome, Outcome::kUnreadable);
  EXPECT_EQ(dangling.text_or_reason, "a symlink whose target does not exist");

  fs::remove(dir_ / "linked.json");
  EXPECT_EQ(ReadLocalFile((dir_ / "linked.json").string(), 1024).outcome, Outcome::kGone)
      << "removing the link itself is removing the file";
}

TEST_F(LocalFilesTest, PermissionDeniedIsUnreadableNotGone) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file; the integration test drops that";
  const LocalFileRead denied = ReadLocalFile(Write("a.json", "{}", 0000), 1024);
  EXPECT_EQ(denied.outcome, Outcome::kUnreadable);
  EXPECT_EQ(denied.text_or_reason, "Permission denied");
}

TEST_F(LocalFilesTest, ATokenFileOthersCanReadOrChangeIsRefused) {
  EXPECT_EQ(ReadTokenFile(Write("token", "let-me-in\nsecond line\n", 0600)).value(), "let-me-in");
  EXPECT_EQ(ReadTokenFile(Write("group", "t0k\n", 0640)).value(), "t0k");
  for (const mode_t mode : {0644, 0604, 0620, 0666}) {
    auto token = ReadTokenFile(Write("loose", "t0k\n", mode));
    ASSERT_FALSE(token.has_value()) << std::oct << mode;
    EXPECT_NE(token.error().message.find("other users could read or change it"), std::string::npos);
    EXPECT_EQ(token.error().message.find("t0k"), std::string::npos) << "never the token itself";
  }
  EXPECT_FALSE(ReadTokenFile(Write("empty", "\n", 0600)).has_value());
  EXPECT_FALSE(ReadTokenFile((dir_ / "missing").string()).has_value());
  EXPECT_EQ(ReadTokenFile("").value(), "");
}

}  // namespace
}  // namespace awsr
