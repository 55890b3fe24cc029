#include "daemon/aws/request_pacing.h"

#include <gtest/gtest.h>

namespace awsr::aws {
namespace {

TEST(PublishedBucketTest, EachServiceDrawsFromTheBucketItsDocumentationNames) {
  struct Row {
    const char* service;
    const char* operation;
    const char* key;  // "" when the service publishes no bucket
    double capacity;
    double refill;
  };
  const Row rows[] = {
      {"ec2", "DescribeVpcs", "ec2:DescribeVpcs", 100, 20},
      {"ec2", "GetConsoleOutput", "ec2:GetConsoleOutput", 100, 20},
      {"ec2", "CreateVpc", "ec2:CreateVpc", 50, 5},
      {"ec2", "AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupIngress", 50, 5},
      {"ec2", "RunInstances", "ec2:RunInstances", 5, 2},
      {"elasticloadbalancing", "DescribeLoadBalancers", "elbv2:Describe", 40, 10},
      {"elasticloadbalancing", "DescribeTargetGroups", "elbv2:Describe", 40, 10},
      {"elasticloadbalancing", "CreateLoadBalancer", "", 0, 0},
      {"iam", "CreateRole", "", 0, 0},
      {"s3", "ListBuckets", "", 0, 0},
  };
  for (const auto& row : rows) {
    const auto bucket = PublishedBucketFor(row.service, row.operation);
    if (*row.key == '\0') {
      EXPECT_FALSE(bucket) << row.service << ":" << row.operation;
      continue;
    }
    ASSERT_TRUE(bucket) << row.service << ":" << row.operation;
    EXPECT_EQ(bucket->key, row.key);
    EXPECT_EQ(bucket->limits.capacity, row.capacity) << row.operation;
    EXPECT_EQ(bucket->limits.refill_per_second, row.refill) << row.operation;
  }
}

TEST(TokenBucketTest, ABurstUpToCapacityGoesAtOnceThenCallsLineUpAtTheRefillRate) {
  TokenBucket bucket({.capacity = 5, .refill_per_second = 2}, 100.0);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bucket.Take(100.0), 0) << "call " << i;
  // Each further caller is promised the next token: 0.5 s apart at 2 a second.
  EXPECT_DOUBLE_EQ(bucket.Take(100.0), 0.5);
  EXPECT_DOUBLE_EQ(bucket.Take(100.0), 1.0);
  EXPECT_DOUBLE_EQ(bucket.Take(100.0), 1.5);
  // Time passing pays the promises back first.
  EXPECT_DOUBLE_EQ(bucket.Take(101.0), 1.0);
  // An idle bucket refills to its capacity, never beyond.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bucket.Take(1000.0), 0);
  EXPECT_GT(bucket.Take(1000.0), 0);
}

TEST(RequestPacerTest, RegionsAndApisHaveTheirOwnBucketsWithTwoTokensKeptInHand) {
  RequestPacer pacer;
  for (int i = 0; i < 48; ++i) ASSERT_EQ(pacer.Reserve("us-east-1", "ec2", "CreateVpc", 0), 0);
  EXPECT_DOUBLE_EQ(pacer.Reserve("us-east-1", "ec2", "CreateVpc", 0), 0.2) << "5 a second";
  EXPECT_EQ(pacer.Reserve("eu-west-1", "ec2", "CreateVpc", 0), 0) << "another region";
  EXPECT_EQ(pacer.Reserve("us-east-1", "ec2", "CreateSubnet", 0), 0) << "another API";
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(pacer.Reserve("us-east-1", "iam", "CreateRole", 0), 0);
}

}  // namespace
}  // namespace awsr::aws
