// Policy documents compared by meaning: a table of spellings that must be equal and of real
// differences that must not be.
#include <gtest/gtest.h>

#include "reconcilers/iam/policy_document.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

struct SameCase {
  const char* reason;
  json left;
  json right;
  bool same;
};

class PolicyDocumentTest : public ::testing::TestWithParam<SameCase> {};

TEST_P(PolicyDocumentTest, ComparesByMeaning) {
  EXPECT_EQ(SamePolicy(GetParam().left, GetParam().right), GetParam().same) << GetParam().reason;
  EXPECT_EQ(SamePolicy(GetParam().right, GetParam().left), GetParam().same)
      << GetParam().reason << " (reversed)";
}

json Allow(json action, json resource = "*") {
  return {{"Version", "2012-10-17"},
          {"Statement", json::array({{{"Effect", "Allow"},
                                      {"Action", std::move(action)},
                                      {"Resource", std::move(resource)}}})}};
}

const char* kEncodedDescribe =
    "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22"
    "%2C%22Action%22%3A%22ec2%3ADescribeVpcs%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";

INSTANTIATE_TEST_SUITE_P(
    Table, PolicyDocumentTest,
    ::testing::Values(
        SameCase{"a string equals a one-element list", Allow("s3:GetObject"),
                 Allow(json::array({"s3:GetObject"})), true},
        SameCase{"action lists are sets", Allow(json::array({"s3:A", "s3:B"})),
                 Allow(json::array({"s3:B", "s3:A", "s3:B"})), true},
        SameCase{"action names match case-insensitively", Allow("ec2:DescribeVpcs"),
                 Allow("EC2:describevpcs"), true},
        SameCase{"Resource string or list", Allow("s3:A", "arn:aws:s3:::b"),
                 Allow("s3:A", json::array({"arn:aws:s3:::b"})), true},
        SameCase{"Statement as an object equals a one-element list",
                 json::parse(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
                     "Action":"s3:A","Resource":"*"}})"),
                 Allow("s3:A"), true},
        SameCase{"JSON text and an object", json(Allow("s3:A").dump()), Allow("s3:A"), true},
        SameCase{"URL-encoded text as AWS returns it", json(kEncodedDescribe),
                 Allow("ec2:DescribeVpcs"), true},
        SameCase{"key order does not matter",
                 json::parse(R"({"Statement":[{"Resource":"*","Action":"s3:A","Effect":"Allow"}],
                     "Version":"2012-10-17"})"),
                 Allow("s3:A"), true},
        SameCase{"Sid is a label",
                 json::parse(R"({"Version":"2012-10-17","Statement":[{"Sid":"Read",
                     "Effect":"Allow","Action":"s3:A","Resource":"*"}]})"),
                 Allow("s3:A"), true},
        SameCase{"a missing Version is IAM's default",
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"s3:A","Resource":"*"}]})"),
                 json::parse(R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow",
                     "Action":"s3:A","Resource":"*"}]})"),
                 true},
        SameCase{"statement order does not matter",
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"a:A","Resource":"*"},
                     {"Effect":"Deny","Action":"b:B","Resource":"*"}]})"),
                 json::parse(R"({"Statement":[{"Effect":"Deny","Action":"b:B","Resource":"*"},
                     {"Effect":"Allow","Action":"a:A","Resource":"*"}]})"),
                 true},
        SameCase{"Principal values: string or list",
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
                     "Principal":{"Service":"redshift.amazonaws.com"}}]})"),
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":["sts:AssumeRole"],
                     "Principal":{"Service":["redshift.amazonaws.com"]}}]})"),
                 true},
        SameCase{"Principal * is every AWS principal",
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"s3:A","Principal":"*"}]})"),
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"s3:A",
                     "Principal":{"AWS":"*"}}]})"),
                 true},
        SameCase{"NotAction string or list",
                 json::parse(R"({"Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]})"),
                 json::parse(R"({"Statement":[{"Effect":"Deny","NotAction":["iam:*"],
                     "Resource":["*"]}]})"),
                 true},
        SameCase{"condition values: number, string, list",
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"s3:A","Resource":"*",
                     "Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}]})"),
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"s3:A","Resource":"*",
                     "Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":["3600"]}}}]})"),
                 true},
        SameCase{"another action is drift", Allow("s3:GetObject"), Allow("s3:PutObject"), false},
        SameCase{"an extra action is drift", Allow("s3:A"),
                 Allow(json::array({"s3:A", "s3:B"})), false},
        SameCase{"another effect is drift", Allow("s3:A"),
                 json::parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny",
                     "Action":"s3:A","Resource":"*"}]})"),
                 false},
        SameCase{"another service principal is drift",
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
                     "Principal":{"Service":"redshift.amazonaws.com"}}]})"),
                 json::parse(R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
                     "Principal":{"Service":"ec2.amazonaws.com"}}]})"),
                 false},
        SameCase{"a condition added is drift", Allow("s3:A"),
                 json::parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                     "Action":"s3:A","Resource":"*",
                     "Condition":{"Bool":{"aws:SecureTransport":"true"}}}]})"),
                 false},
        SameCase{"another Version is drift", Allow("s3:A"),
                 json::parse(R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow",
                     "Action":"s3:A","Resource":"*"}]})"),
                 false}));

TEST(WireDocumentTest, SendsObjectsAsTextAndTextAsIs) {
  EXPECT_EQ(WireDocument(json::parse(R"({"Version":"2012-10-17"})")), R"({"Version":"2012-10-17"})");
  EXPECT_EQ(WireDocument(json("{\"a\": 1}")), "{\"a\": 1}");
}

}  // namespace
}  // namespace awsr::reconcilers::iam
