// A value kept packed is the value it was made from, smaller than its text, and its member names
// are read without unpacking.
#include "daemon/base/packed_json.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace awsr::packed_json_test
