// A value kept packed is the value it was made from, smaller than its text, and its member names
// are read without unpacking.
#include "daemon/base/packed_json.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

namespace awsr::packed_json_test {
namespace {

using nlohmann::json;

TEST(PackedJsonTest, UnpacksToTheValueItWasMadeFrom) {
  const json values[] = {
      json::object(),
      json::array(),
      nullptr,
      {{"UserName", "alice"}, {"UserId", "AIDA0000000000000001"}, {"Path", "/"}},
      {{"Tags", {{{"Key", "awsreconciled:owner"}, {"Value", "o"}}}}, {"GroupList", json::array()}},
      {{"FromPort", 443}, {"Weight", -3}, {"Ratio", 0.25}, {"Big", 18446744073709551615u}},
      {{"Description", "ünïcödé and \"quotes\""}, {"Enabled", false}, {"Nothing", nullptr}},
  };
  for (const json& value : values) {
    const PackedJson packed(value);
    EXPECT_EQ(packed.Unpack(), value) << value.dump();
    EXPECT_LE(packed.Bytes().size(), value.dump().size()) << "no larger than its text";
  }
  EXPECT_EQ(PackedJson().Unpack(), json::object()) << "empty: an empty object";
}

TEST(PackedJsonTest, KeysAreTheOutermostObjectsMemberNamesInOrder) {
  const struct {
    json value;
    std::vector<std::string> keys;
  } rows[] = {
      {json::object(), {}},
      {{{"VpcId", {{"Ref", "Vpc"}}}, {"CidrBlock", "10.0.0.0/24"}}, {"CidrBlock", "VpcId"}},
      {{{"Tags", {{{"Key", "a"}, {"Value", "b"}}}}, {"GroupName", "web"}}, {"GroupName", "Tags"}},
      {json::array({{{"Key", "a"}}}), {}},
      {"text", {}},
  };
  for (const auto& row : rows) {
    const PackedJson packed(row.value);
    EXPECT_EQ(packed.Keys(), row.keys) << row.value.dump();
    for (const std::string& key : row.keys) EXPECT_TRUE(packed.Contains(key)) << key;
    EXPECT_FALSE(packed.Contains("Key")) << "a nested member is not the value's own";
  }
}

TEST(PackedJsonTest, EqualValuesPackToEqualBytes) {
  const json value = {{"GroupName", "web"}, {"VpcId", {{"Ref", "Vpc"}}}};
  EXPECT_EQ(PackedJson(value), PackedJson(json::parse(value.dump())));
  EXPECT_EQ(PackedJson(value), value);
  EXPECT_NE(PackedJson(value),
            PackedJson(json{{"GroupName", "web2"}, {"VpcId", {{"Ref", "Vpc"}}}}));
  EXPECT_FALSE(PackedJson(value) == json({{"GroupName", "web"}}));
}

// Each member is found past members of every MessagePack form: the walk steps over them by their
// headers (a wrong length would land inside a value and find the wrong one, or throw).
TEST(PackedJsonTest, FindsAMemberPastValuesOfEveryForm) {
  const json longer_text = std::string(40, 'a');
  const json long_text = std::string(300, 'b');
  const json longest_text = std::string(70000, 'c');
  json long_array = json::array();
  for (int i = 0; i < 20; ++i) long_array.push_back(i * 1000);
  json long_object = json::object();
  for (int i = 0; i < 20; ++i) long_object["k" + std::to_string(i)] = {{"n", -i}};
  const json value = {
      {"a-nil", nullptr},
      {"b-bool", true},
      {"c-fixint", 7},
      {"d-negative", -5},
      {"e-uint8", 200},
      {"f-uint16", 60000},
      {"g-uint32", 4000000000u},
      {"h-uint64", 18446744073709551615u},
      {"i-int8", -100},
      {"j-int16", -30000},
      {"k-int32", -2000000000},
      {"l-int64", -9000000000000000000},
      {"m-float", 0.25},
      {"n-fixstr", "short"},
      {"o-str8", longer_text},
      {"p-str16", long_text},
      {"q-str32", longest_text},
      {"r-array16", long_array},
      {"s-map16", long_object},
      {"t-binary", json::binary({1, 2, 3})},
      {"u-nested", {{"Rules", {{{"FromPort", 443}}, {{"CidrIp", "10.0.0.0/8"}}}}}},
      {"z-last", "found"},
  };
  const PackedJson packed(value);
  for (const auto& [key, member] : value.items()) {
    ASSERT_TRUE(packed.Find(key).has_value()) << key;
    EXPECT_EQ(*packed.Find(key), member) << key;
    EXPECT_EQ(packed[key], member) << key;
    EXPECT_TRUE(packed.Contains(key)) << key;
  }
  EXPECT_FALSE(packed.Find("FromPort").has_value()) << "a nested member is not the value's own";
  EXPECT_EQ(packed["missing"], json()) << "a missing member reads as null";
  EXPECT_FALSE(PackedJson(json::array({1})).Find("0").has_value()) << "not an object";
}

TEST(PackedJsonTest, ValueConvertsAMemberOrGivesTheFallback) {
  const PackedJson packed(json{{"GroupName", "web"}, {"FromPort", 443}, {"Enabled", false}});
  EXPECT_EQ(packed.Value("GroupName", ""), "web");
  EXPECT_EQ(packed.Value("Description", "none"), "none");
  EXPECT_EQ(packed.Value("FromPort", 0), 443);
  EXPECT_EQ(packed.Value("ToPort", -1), -1);
  EXPECT_FALSE(packed.Value("Enabled", true));
  EXPECT_THROW(packed.Value("GroupName", 0), nlohmann::json::type_error)
      << "a member of another type is an error, as with nlohmann's value()";
}

TEST(PackedJsonTest, SetUpdateAndEraseChangeMembers) {
  PackedJson packed(json{{"GroupName", "web"}, {"Tags", json::array()}});
  packed.Set("MapPublicIpOnLaunch", true);
  packed.Set("GroupName", "api");
  EXPECT_EQ(packed,
            json({{"GroupName", "api"}, {"MapPublicIpOnLaunch", true}, {"Tags", json::array()}}));
  packed.Update({{"GroupName", "db"}, {"VpcId", "vpc-1"}});
  EXPECT_EQ(packed["GroupName"], "db");
  EXPECT_EQ(packed["VpcId"], "vpc-1");
  packed.Erase("VpcId");
  packed.Set("GroupName", "api");
  packed.Erase("Tags");
  packed.Erase("Absent");
  EXPECT_EQ(packed, json({{"GroupName", "api"}, {"MapPublicIpOnLaunch", true}}));
  EXPECT_EQ(packed, PackedJson(json({{"MapPublicIpOnLaunch", true}, {"GroupName", "api"}})))
      << "the same bytes as the value packed at once";
}

bool HoldsText(const PackedJson& packed, std::string_view text) {
  return std::search(packed.View().begin(), packed.View().end(), text.begin(), text.end()) !=
         packed.View().end();
}

// The names every resource repeats are held once for the process, not in every value.
TEST(PackedJsonTest, MemberNamesAreHeldAsCodesNotText) {
  const json rule = {{"IpProtocol", "tcp"}, {"FromPort", 22}, {"ToPort", 22}, {"CidrIp", "x"}};
  const json group = {{"GroupDescription", "web"}, {"SecurityGroupIngress", {rule, rule}}};
  const PackedJson packed(group);
  for (const char* name : {"GroupDescription", "SecurityGroupIngress", "IpProtocol", "CidrIp"}) {
    EXPECT_FALSE(HoldsText(packed, name)) << name;
  }
  EXPECT_TRUE(HoldsText(packed, "web")) << "values are text";
  EXPECT_LT(packed.Bytes().size() * 2, json::to_msgpack(group).size())
      << "less than half of MessagePack with its names";
  EXPECT_EQ(packed.Unpack(), group);
  EXPECT_EQ(packed.Keys(), (std::vector<std::string>{"GroupDescription", "SecurityGroupIngress"}));
}

// Codes are two bytes that begin no UTF-8 text; a name that is not UTF-8 and begins like a
// code, or with the escape before such names, is still itself when read back.
TEST(PackedJsonTest, NamesOfEveryShapeReadBackAsWritten) {
  const std::string names[] = {
      "",
      "a",
      "Id",
      "Key",
      std::string("\x80\x81"),
      std::string("\xbf"),
      std::string("\xc0"),
      std::string("\xc0\x80\x80"),
      std::string("\x80") + std::string(40, 'n'),
      "名前",
      std::string(31, 'x'),
      std::string(300, 'y'),
      std::string(70000, 'z'),
  };
  json value = json::object();
  for (std::size_t i = 0; i < std::size(names); ++i) value[names[i]] = {{names[i], i}};
  const PackedJson packed(value);
  EXPECT_EQ(packed.Unpack(), value);
  for (std::size_t i = 0; i < std::size(names); ++i) {
    EXPECT_TRUE(packed.Contains(names[i])) << i;
    EXPECT_EQ(packed[names[i]], json({{names[i], i}})) << i;
  }
  std::vector<std::string> sorted(std::begin(names), std::end(names));
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(packed.Keys(), sorted);
}

TEST(PackedJsonTest, ReadsAsAJsonValueWhereOneIsExpected) {
  const PackedJson packed(json{{"CidrBlock", "10.0.0.0/16"}});
  const json& read = packed;  // a DOM made for the reader, alive as long as the reference
  EXPECT_EQ(read.at("CidrBlock"), "10.0.0.0/16");
}

}  // namespace
}  // namespace awsr::packed_json_test
