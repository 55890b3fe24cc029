#include "daemon/aws/xml_to_json.h"

#include <gtest/gtest.h>

#include "daemon/aws/protocol_codec.h"

namespace awsr::aws {
namespace {

TEST(XmlToJsonTest, QueryResponseDropsWrappersAndMetadata) {
  auto json = XmlToJson(R"(<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListUsersResult>
    <IsTruncated>true</IsTruncated><Marker>m1</Marker>
    <Users>
      <member><UserName>alice</UserName><Path>/</Path></member>
      <member><UserName>bob</UserName><Path>/</Path></member>
    </Users>
  </ListUsersResult>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
</ListUsersResponse>)");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"IsTruncated": "true", "Marker": "m1",
      "Users": [{"UserName": "alice", "Path": "/"}, {"UserName": "bob", "Path": "/"}]})"));
}

TEST(XmlToJsonTest, Ec2ItemsBecomeArraysEvenWithOneItem) {
  auto json = XmlToJson(R"(<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>abc</requestId>
  <vpcSet><item><vpcId>vpc-1</vpcId><tagSet><item><key>k</key><value>v</value></item></tagSet>
  </item></vpcSet>
  <nextToken>t2</nextToken>
</DescribeVpcsResponse>)");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"vpcSet": [{"vpcId": "vpc-1",
      "tagSet": [{"key": "k", "value": "v"}]}], "nextToken": "t2"})"));
}

TEST(XmlToJsonTest, RepeatedSiblingsAreFlattenedLists) {
  auto json = XmlToJson(R"(<ListAllMyBucketsResult><Buckets>
    <Bucket><Name>a</Name></Bucket><Bucket><Name>b</Name></Bucket></Buckets>
    <Owner><ID>o</ID></Owner></ListAllMyBucketsResult>)");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ((*json)["Buckets"]["Bucket"].size(), 2u);
  EXPECT_EQ((*json)["Owner"]["ID"], "o");
}

TEST(XmlToJsonTest, EmptyElementsAndAsList) {
  auto json = XmlToJson(
      "<DescribeSecurityGroupsResponse><securityGroupInfo/>"
      "</DescribeSecurityGroupsResponse>");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ((*json)["securityGroupInfo"], "");
  EXPECT_EQ(AsList((*json)["securityGroupInfo"]), nlohmann::json::array());
  EXPECT_EQ(AsList(nlohmann::json::object({{"a", 1}})).size(), 1u);
  EXPECT_EQ(AsList(nlohmann::json()), nlohmann::json::array());
}

TEST(XmlToJsonTest, EmptyBodyIsEmptyObjectAndGarbageIsAnError) {
  EXPECT_EQ(*XmlToJson("  "), nlohmann::json::object());
  EXPECT_FALSE(XmlToJson("<unclosed>").has_value());
}

// The conversion recurses per level: a hostile or broken endpoint must not exhaust the stack.
TEST(XmlToJsonTest, DeepNestingIsRefusedBeforeConversion) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  deep += "x";
  for (int i = 0; i < 100000; ++i) deep += "</a>";
  auto refused = XmlToJson(deep);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, ErrorKind::kTransient);

  std::string fine;
  for (int i = 0; i < 30; ++i) fine += "<a><b>1</b>";
  for (int i = 0; i < 30; ++i) fine += "</a>";
  EXPECT_TRUE(XmlToJson(fine).has_value());
}

TEST(DecodeBodyTest, DeepJsonIsRefusedBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto refused = DecodeBody(Protocol::kJson11, deep);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, ErrorKind::kTransient);
  EXPECT_TRUE(DecodeBody(Protocol::kJson11, R"({"a": [[["[[["]]]})").has_value());
}

}  // namespace
}  // namespace awsr::aws
