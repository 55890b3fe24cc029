#include <gtest/gtest.h>

#include "reconcilers/iam/iam_compare.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

json Observed() {
  return json::parse(R"({
    "RoleName": "r", "Path": "/",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "sts:AssumeRole",
       "Principal": {"Service": "redshift.amazonaws.com"}}]},
    "ManagedPolicyArns": ["arn:a", "arn:b"],
    "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [
      {"Effect": "Allow", "Action": "s3:A", "Resource": "*"}]}}],
    "Tags": [{"Key": "team", "Value": "data"}]})");
}

struct CompareCase {
  const char* reason;
  json desired;
  std::vector<std::string> changed;
};

class IamCompareTest : public ::testing::TestWithParam<CompareCase> {};

TEST_P(IamCompareTest, ReportsTheChangedProperties) {
  engine::DesiredResource desired;
  desired.properties = GetParam().desired;
  engine::ObservedResource observed;
  observed.properties = Observed();
  std::vector<std::string> paths;
  for (const auto& change : CompareIam(desired, observed).changes) paths.push_back(change.path);
  EXPECT_EQ(paths, GetParam().changed) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, IamCompareTest,
    ::testing::Values(
        CompareCase{"the same, as observed", Observed(), {}},
        CompareCase{"unset means don't care", json::parse(R"({"RoleName": "r"})"), {}},
        CompareCase{"trust policy spelled differently",
                    json::parse(R"({"AssumeRolePolicyDocument": {"Version": "2012-10-17",
                        "Statement": {"Sid": "x", "Effect": "Allow", "Action": ["sts:AssumeRole"],
                        "Principal": {"Service": ["redshift.amazonaws.com"]}}}})"),
                    {}},
        CompareCase{"trust policy for another service",
                    json::parse(R"({"AssumeRolePolicyDocument": {"Version": "2012-10-17",
                        "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole",
                        "Principal": {"Service": "ec2.amazonaws.com"}}}})"),
                    {"/AssumeRolePolicyDocument"}},
        CompareCase{"managed policies are a set",
                    json::parse(R"({"ManagedPolicyArns": ["arn:b", "arn:a"]})"), {}},
        CompareCase{"a managed policy detached outside",
                    json::parse(R"({"ManagedPolicyArns": ["arn:a", "arn:b", "arn:c"]})"),
                    {"/ManagedPolicyArns"}},
        CompareCase{"inline document spelled differently",
                    json::parse(R"({"Policies": [{"PolicyName": "p", "PolicyDocument":
                        "{\"Statement\":{\"Resource\":[\"*\"],\"Action\":\"S3:a\",\"Effect\":\"Allow\"}}"}]})"),
                    {}},
        CompareCase{"inline document edited outside",
                    json::parse(R"({"Policies": [{"PolicyName": "p", "PolicyDocument":
                        {"Statement": [{"Effect": "Allow", "Action": "s3:B", "Resource": "*"}]}}]})"),
                    {"/Policies"}},
        CompareCase{"an inline policy the file no longer lists",
                    json::parse(R"({"Policies": []})"), {"/Policies"}},
        CompareCase{"another path", json::parse(R"({"Path": "/data/"})"), {"/Path"}}));

}  // namespace
}  // namespace awsr::reconcilers::iam
