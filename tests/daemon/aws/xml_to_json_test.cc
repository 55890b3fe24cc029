#include "daemon/aws/xml_to_json.h"

#include <gtest/gtest.h>

#include <functional>

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

  // The same within a digested list's item: refused, and none of the answer's items kept.
  const ItemDigests digests{{"groupInfo"}, [](const ShortDigest&) { return false; }};
  std::vector<DigestedItem> items;
  const std::string shallow_item = "<item><groupId>sg-1</groupId></item>";
  ASSERT_TRUE(XmlToJson("<R><groupInfo>" + shallow_item + "</groupInfo></R>", digests, items));
  ASSERT_EQ(items.size(), 1U);
  auto deep_item = XmlToJson("<R><groupInfo>" + shallow_item + "<item>" + deep +
                                 "</item></groupInfo></R>",
                             digests, items);
  ASSERT_FALSE(deep_item.has_value());
  EXPECT_EQ(deep_item.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(items.size(), 1U);
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
  const ItemDigests digests{{"securityGroupInfo"}, [](const ShortDigest&) { return false; }};
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

// An answer with several lists (IAM's GetAccountAuthorizationDetails) gives each list's items,
// list by list in the order asked, each marked with its list; the rest is as XmlToJson has it.
TEST(XmlToJsonDigestsTest, SeveralListsComeListByListEachItemMarkedWithItsList) {
  const std::string xml = R"(<GetAccountAuthorizationDetailsResponse>
    <GetAccountAuthorizationDetailsResult><IsTruncated>true</IsTruncated>
    <RoleDetailList><member><RoleName>r1</RoleName></member></RoleDetailList>
    <UserDetailList><member><UserName>a</UserName></member><member><UserName>b</UserName>
    </member></UserDetailList><GroupDetailList/><Marker>m</Marker>
    </GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>)";
  auto whole = XmlToJson(xml);
  ASSERT_TRUE(whole.has_value());
  const std::vector<std::string> lists = {"UserDetailList", "GroupDetailList", "RoleDetailList"};
  const auto read = [&](const ItemDigests& digests) {
    std::vector<DigestedItem> items;
    auto rest = XmlToJson(xml, digests, items);
    EXPECT_TRUE(rest.has_value());
    EXPECT_EQ(*rest, (nlohmann::json{{"IsTruncated", "true"}, {"Marker", "m"}}))
        << "every digested list is out of the rest";
    return items;
  };
  const std::vector<DigestedItem> items = read({lists, [](const ShortDigest&) { return false; }});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].list, 0u);
  EXPECT_EQ(items[0].value, (*whole)["UserDetailList"][0]);
  EXPECT_EQ(items[1].list, 0u);
  EXPECT_EQ(items[1].value, (*whole)["UserDetailList"][1]);
  EXPECT_EQ(items[2].list, 2u) << "the roles come after the users, as asked";
  EXPECT_EQ(items[2].value, AsList((*whole)["RoleDetailList"])[0]);

  const ShortDigest role = items[2].digest;
  const std::vector<DigestedItem> again =
      read({lists, [&](const ShortDigest& digest) { return digest == role; }});
  ASSERT_EQ(again.size(), 3u);
  EXPECT_TRUE(again[2].value.is_null()) << "held in one list, not converted";
  EXPECT_EQ(again[0].value, items[0].value) << "not held in another, converted";
}

// Any change to an item's bytes gives it another digest, first or last in its list, whatever
// the line endings; the other item keeps its digest, and an item whose digest is held is not
// converted.
TEST(XmlToJsonDigestsTest, AnyChangeToAnItemMovesItsDigestAndHeldItemsAreNotConverted) {
  const std::string other = "<item><groupId>sg-2</groupId></item>";
  struct Layout {
    std::string reason;
    std::function<std::string(const std::string&)> page;
    std::size_t index;  // where the group under test is
  };
  const std::vector<Layout> layouts = {
      {"first",
       [&](const std::string& group) {
         return "<DescribeSecurityGroupsResponse><securityGroupInfo>" + group + other +
                "</securityGroupInfo><nextToken>t</nextToken></DescribeSecurityGroupsResponse>";
       },
       0},
      {"last, nothing after the list",
       [&](const std::string& group) {
         return "<DescribeSecurityGroupsResponse><securityGroupInfo>" + other + group +
                "</securityGroupInfo></DescribeSecurityGroupsResponse>";
       },
       1},
      {"last, with a BOM and CRLF line endings",
       [&](const std::string& group) {
         return "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<DescribeSecurityGroupsResponse>\r\n"
                "<securityGroupInfo>\r\n" + other + "\r\n" + group +
                "\r\n</securityGroupInfo>\r\n<nextToken>t</nextToken>\r\n"
                "</DescribeSecurityGroupsResponse>\r\n";
       },
       1},
  };
  const std::string group =
      "<item><groupId>sg-1</groupId><groupName>web</groupName><ipPermissions><item>"
      "<fromPort>443</fromPort><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges>"
      "</item></ipPermissions><tagSet><item><key>awsreconciled:owner</key><value>me</value>"
      "</item></tagSet></item>";
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
      {"the last field's value", replaced("me</value></item></tagSet></item>",
                                          "mf</value></item></tagSet></item>")},
  };
  const ItemDigests none{{"securityGroupInfo"}, [](const ShortDigest&) { return false; }};
  for (const auto& layout : layouts) {
    const auto read = [&](const std::string& item, const ItemDigests& digests) {
      std::vector<DigestedItem> items;
      EXPECT_TRUE(XmlToJson(layout.page(item), digests, items).has_value()) << layout.reason;
      return items;
    };
    const std::vector<DigestedItem> before = read(group, none);
    ASSERT_EQ(before.size(), 2u) << layout.reason;
    const std::size_t at = layout.index;
    const std::size_t at_other = 1 - at;
    EXPECT_EQ(before[at].value["groupId"], "sg-1") << layout.reason;
    for (const auto& [reason, changed] : cases) {
      const std::vector<DigestedItem> after = read(changed, none);
      ASSERT_EQ(after.size(), 2u) << layout.reason << ", " << reason;
      EXPECT_NE(after[at].digest, before[at].digest) << layout.reason << ", " << reason;
      EXPECT_EQ(after[at_other].digest, before[at_other].digest)
          << layout.reason << ", " << reason << ": the other item did not move";
    }
    EXPECT_EQ(read(group, none)[at].digest, before[at].digest)
        << layout.reason << ": the same bytes, the same digest";

    const ShortDigest held_digest = before[at].digest;
    const ItemDigests held{{"securityGroupInfo"},
                           [&](const ShortDigest& digest) { return digest == held_digest; }};
    const std::vector<DigestedItem> again = read(group, held);
    EXPECT_TRUE(again[at].value.is_null()) << layout.reason << ": held, not converted";
    EXPECT_EQ(again[at_other].value, before[at_other].value)
        << layout.reason << ": not held, converted";
  }
}

// An answer pugixml has to re-encode (UTF-16 here) has no byte offsets to digest: its items are
// digested in their canonical form, and still every change moves the digest.
TEST(XmlToJsonDigestsTest, ARecodedAnswerIsDigestedByItsCanonicalForm) {
  const auto utf16 = [](const std::string& ascii) {
    std::string wide = "\xFF\xFE";
    for (char c : ascii) {
      wide += c;
      wide += '\0';
    }
    return wide;
  };
  const auto page = [](const std::string& team) {
    return "<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-1</groupId>"
           "<tagSet><item><key>team</key><value>" + team + "</value></item></tagSet></item>"
           "<item><groupId>sg-2</groupId></item></securityGroupInfo>"
           "</DescribeSecurityGroupsResponse>";
  };
  const ItemDigests none{{"securityGroupInfo"}, [](const ShortDigest&) { return false; }};
  const auto read = [&](const std::string& xml) {
    std::vector<DigestedItem> items;
    EXPECT_TRUE(XmlToJson(xml, none, items).has_value());
    return items;
  };
  const auto web = read(utf16(page("web")));
  const auto ops = read(utf16(page("ops")));
  const auto plain = read(page("web"));
  ASSERT_EQ(web.size(), 2u);
  ASSERT_EQ(ops.size(), 2u);
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(web[0].value, plain[0].value) << "the same item, whatever the encoding";
  EXPECT_NE(web[0].digest, ops[0].digest) << "a tag changed";
  EXPECT_EQ(web[1].digest, ops[1].digest) << "the other item did not move";
  EXPECT_EQ(read(utf16(page("web")))[0].digest, web[0].digest);
}

}  // namespace
}  // namespace awsr::aws
