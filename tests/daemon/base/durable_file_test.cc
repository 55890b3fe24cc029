#include "daemon/base/durable_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/test_directory.h"

namespace awsr::durable_file_test {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class DurableFileTest : public ::testing::Test {
 protected:
  testing::TestDirectory scratch_{"durable"};
  const fs::path directory_ = scratch_.path();
};

TEST_F(DurableFileTest, ReplacesTheWholeFileWithItsModeAndLeavesNoTemporary) {
  const fs::path path = directory_ / "ledger.json";
  ASSERT_TRUE(WriteFileDurably(path, "old", 0600).has_value());
  ASSERT_TRUE(WriteFileDurably(path, "new content", 0600).has_value());
  EXPECT_EQ(Read(path), "new content");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(std::distance(fs::directory_iterator(directory_), fs::directory_iterator()), 1);
}

TEST_F(DurableFileTest, AFailureNamesThePathNeverTheContent) {
  const auto written = WriteFileDurably(directory_ / "missing" / "file", "s3cr3t-value", 0600);
  ASSERT_FALSE(written.has_value());
  EXPECT_NE(written.error().message.find("missing"), std::string::npos);
  EXPECT_EQ(written.error().message.find("s3cr3t"), std::string::npos);
}

}  // namespace
}  // namespace awsr::durable_file_test
