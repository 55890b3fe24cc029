#include "daemon/aws/form_encoding.h"

#include <gtest/gtest.h>

#include "daemon/aws/protocol_codec.h"

namespace awsr::aws {
namespace {

TEST(FormEncodingTest, Ec2ListsAreNumberedDirectly) {
  auto params = nlohmann::json::parse(R"({"Filter": [{"Name": "tag:owner", "Value": ["a", "b"]}],
      "DryRun": false, "MaxResults": 5, "Empty": []})");
  std::vector<NameValue> expected = {{"DryRun", "false"},
                                     {"Filter.1.Name", "tag:owner"},
                                     {"Filter.1.Value.1", "a"},
                                     {"Filter.1.Value.2", "b"},
                                     {"MaxResults", "5"}};
  EXPECT_EQ(FlattenParams(params, ListStyle::kEc2), expected);
}

TEST(FormEncodingTest, QueryListsUseMemberAndNestedObjectsUseDots) {
  auto params = nlohmann::json::parse(
      R"({"Tags": [{"Key": "k", "Value": "v w"}], "Policy": {"Version": "1"}, "Clear": []})");
  std::vector<NameValue> expected = {{"Clear", ""},
                                     {"Policy.Version", "1"},
                                     {"Tags.member.1.Key", "k"},
                                     {"Tags.member.1.Value", "v w"}};
  EXPECT_EQ(FlattenParams(params, ListStyle::kMember), expected);
  EXPECT_EQ(EncodeFormBody("CreateUser", "2010-05-08", {{"UserName", "a b"}}, ListStyle::kMember),
            "Action=CreateUser&Version=2010-05-08&UserName=a%20b");
}

TEST(ProtocolCodecTest, JsonCallsCarryTargetAndContentType) {
  CallRequest call("secretsmanager", "DescribeSecret", {{"SecretId", "s"}});
  auto service = ResolveService(call);
  ASSERT_TRUE(service.has_value());
  HttpRequest request = EncodeCall(call, *service, "");
  EXPECT_EQ(request.Header("X-Amz-Target"), "secretsmanager.DescribeSecret");
  EXPECT_EQ(request.Header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(request.body, R"({"SecretId":"s"})");
  EXPECT_FALSE(ResolveService(CallRequest("nosuch", "Op")).has_value());
}

TEST(ProtocolCodecTest, FindsEveryPaginationStyle) {
  using nlohmann::json;
  struct Row {
    std::string reason;
    json page;
    Protocol protocol;
    std::string input;
    std::string value;
  };
  const std::vector<Row> rows = {
      {"ec2 asks NextToken, answers nextToken", {{"nextToken", "t"}}, Protocol::kEc2, "NextToken", "t"},
      {"json NextToken", {{"NextToken", "t"}}, Protocol::kJson11, "NextToken", "t"},
      {"json camelCase", {{"nextToken", "t"}}, Protocol::kJson11, "nextToken", "t"},
      {"IAM Marker when truncated", {{"IsTruncated", "true"}, {"Marker", "m"}}, Protocol::kQuery, "Marker", "m"},
      {"IAM not truncated", {{"IsTruncated", "false"}, {"Marker", "m"}}, Protocol::kQuery, "", ""},
      {"RDS Marker alone", {{"Marker", "m"}}, Protocol::kQuery, "Marker", "m"},
      {"ELB NextMarker", {{"NextMarker", "m"}}, Protocol::kQuery, "Marker", "m"},
      {"last page", {{"Users", json::array()}}, Protocol::kQuery, "", ""},
      {"empty token", {{"NextToken", ""}}, Protocol::kJson11, "", ""},
  };
  for (const Row& row : rows) {
    NextPage next = FindNextPage(row.page, row.protocol, {});
    EXPECT_EQ(next.value, row.value) << row.reason;
    if (!row.value.empty()) {
      EXPECT_EQ(next.input_token, row.input) << row.reason;
    }
  }
}

}  // namespace
}  // namespace awsr::aws
