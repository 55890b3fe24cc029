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

// The digesting form reads the same items XmlToJson's member gives AsList, whatever its shape,
// and leaves the rest of the answer as XmlToJson does.
TEST(XmlToJsonDigestsTest, ItemsAreWhatAsListReadsAndTheRestIsUnchanged) {
  const std::vector<std::pair<std::string, std::string>> answers = {
      {"an ec2 item list", R"(<DescribeSecurityGroupsResponse><requestId>r</requestId>
        <securityGroupInfo><item><groupId>sg-1</groupId><tagSet><item><key>k</key>
        <value>v</value></item></tagSet></item><item><groupId>sg-2</groupId></item>
        </securityGroupInfo><nextToken>t2</nextToken></DescribeSecurityGroupsResponse>)"},
      {"an empty list", R"(<DescribeSecurityGroupsResponse><securityGroupInfo/>
        </DescribeSecurityGroupsResponse>)"},
      {"no list at all", R"(<DescribeSecurityGroupsResponse><nextToken>t</nextToken>
        </DescribeSecurityGroupsResponse>)"},
      {"a lone object", R"(<DescribeSecurityGroupsResponse><securityGroupInfo><groupId>sg-1
        </groupId></securityGroupInfo></DescribeSecurityGroupsResponse>)"},
      {"a lone string", R"(<DescribeSecurityGroupsResponse><securityGroupInfo>sg-1
        </securityGroupInfo></DescribeSecurityGroupsResponse>)"},
      {"a flattened list", R"(<DescribeSecurityGroupsResponse>
        <securityGroupInfo><groupId>sg-1</groupId></securityGroupInfo>
        <securityGroupInfo><item><groupId>sg-2</groupId></item></securityGroupInfo>
        </DescribeSecurityGroupsResponse>)"},
      {"inside a query Result wrapper", R"(<ListUsersResponse><ListUsersResult>
        <securityGroupInfo><member><UserName>a</UserName></member><member><UserName>b
        </UserName></member></securityGroupInfo><Marker>m</Marker></ListUsersResult>
        <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListUsersResponse>)"},
  };
  const ItemDigests digests{"securityGroupInfo", [](const Digest&) { return false; }};
  for (const auto& [reason, xml] : answers) {
    auto whole = XmlToJson(xml);
    ASSERT_TRUE(whole.has_value()) << reason;
    std::vector<DigestedItem> items;
    auto rest = XmlToJson(xml, digests, items);
    ASSERT_TRUE(rest.has_value()) << reason;
    const nlohmann::json expected_items = AsList(whole->value("securityGroupInfo", nlohmann::json()));
    ASSERT_EQ(items.size(), expected_items.size()) << reason;
    for (std::size_t i = 0; i < items.size(); ++i) {
      EXPECT_EQ(items[i].value, expected_items[i]) << reason << ", item " << i;
    }
    whole->erase("securityGroupInfo");
    EXPECT_EQ(*rest, *whole) << reason;
  }
}

// Any change to an item's bytes gives it another digest; the other items keep theirs, and an
// item whose digest is held is not converted.
TEST(XmlToJsonDigestsTest, AnyChangeToAnItemMovesItsDigestAndHeldItemsAreNotConverted) {
  const auto page = [](const std::string& first) {
    return "<DescribeSecurityGroupsResponse><securityGroupInfo>" + first +
           "<item><groupId>sg-2</groupId></item></securityGroupInfo>"
           "</DescribeSecurityGroupsResponse>";
  };
  const std::string group =
      "<item><groupId>sg-1</groupId><groupName>web</groupName><ipPermissions><item>"
      "<fromPort>443</fromPort><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges>"
      "</item></ipPermissions><tagSet><item><key>awsreconciled:owner</key><value>me</value>"
      "</item></tagSet></item>";
  const auto digests_of = [&](const std::string& first, const ItemDigests& digests) {
    std::vector<DigestedItem> items;
    EXPECT_TRUE(XmlToJson(page(first), digests, items).has_value());
    return items;
  };
  const ItemDigests none{"securityGroupInfo", [](const Digest&) { return false; }};
  const std::vector<DigestedItem> before = digests_of(group, none);
  ASSERT_EQ(before.size(), 2u);
  const auto replaced = [&](std::string from, std::string to) {
    std::string changed = group;
    changed.replace(changed.find(from), from.size(), to);
    return changed;
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a port", replaced("443", "444")},
      {"a CIDR", replaced("10.0.0.0/8", "10.0.0.0/9")},
      {"a tag value", replaced("<value>me</value>", "<value>other</value>")},
      {"a tag added", replaced("</tagSet>", "<item><key>k</key><value>v</value></item></tagSet>")},
      {"a tag removed", replaced("<tagSet><item><key>awsreconciled:owner</key><value>me</value>"
                                 "</item></tagSet>",
                                 "<tagSet/>")},
      {"a value moved to another field", replaced("<groupName>web</groupName>",
                                                  "<groupName></groupName><x>web</x>")},
      {"an element renamed", replaced("fromPort>443</fromPort", "toPort>443</toPort")},
      {"an attribute", replaced("<groupName>", "<groupName a=\"1\">")},
      {"a rule removed", replaced("<ipPermissions><item><fromPort>443</fromPort><ipRanges><item>"
                                  "<cidrIp>10.0.0.0/8</cidrIp></item></ipRanges></item>"
                                  "</ipPermissions>",
                                  "<ipPermissions/>")},
  };
  for (const auto& [reason, changed] : cases) {
    const std::vector<DigestedItem> after = digests_of(changed, none);
    ASSERT_EQ(after.size(), 2u) << reason;
    EXPECT_NE(after[0].digest, before[0].digest) << reason;
    EXPECT_EQ(after[1].digest, before[1].digest) << reason << ": the other item did not move";
  }
  EXPECT_EQ(digests_of(group, none)[0].digest, before[0].digest) << "the same bytes, the same digest";

  const Digest held_digest = before[0].digest;
  const ItemDigests held{"securityGroupInfo",
                         [&](const Digest& digest) { return digest == held_digest; }};
  const std::vector<DigestedItem> again = digests_of(group, held);
  EXPECT_TRUE(again[0].value.is_null()) << "held: not converted";
  EXPECT_EQ(again[1].value, before[1].value) << "not held: converted";
}

}  // namespace
}  // namespace awsr::aws
