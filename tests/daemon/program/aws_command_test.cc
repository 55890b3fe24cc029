#include "daemon/program/aws_command.h"

#include <gtest/gtest.h>

namespace awsr::aws {
namespace {

TEST(AwsCommandTest, UsageErrors) {
  EXPECT_EQ(RunAwsCommand({}), 2);
  EXPECT_EQ(RunAwsCommand({"sts"}), 2);
  EXPECT_EQ(RunAwsCommand({"sts", "get-caller-identity", "NoEquals"}), 2);
  EXPECT_EQ(RunAwsCommand({"--help"}), 0);
}

}  // namespace
}  // namespace awsr::aws
