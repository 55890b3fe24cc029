#include "daemon/engine/diff.h"

#include <gtest/gtest.h>

namespace awsr::engine {
namespace {

using nlohmann::json;

struct DiffCase {
  const char* reason;
  json desired;
  json observed;
  std::vector<std::string> changed_paths;
};

class DiffTest : public ::testing::TestWithParam<DiffCase> {};

TEST_P(DiffTest, ReportsExactlyTheChangedProperties) {
  DiffRules rules;
  rules.set_properties = {"SecurityGroupIngress"};
  const Diff diff = DiffProperties(GetParam().desired, GetParam().observed, rules);
  std::vector<std::string> paths;
  for (const auto& change : diff.changes) paths.push_back(change.path);
  EXPECT_EQ(paths, GetParam().changed_paths) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DiffTest,
    ::testing::Values(
        DiffCase{"equal scalars", {{"CidrBlock", "10.0.0.0/16"}}, {{"CidrBlock", "10.0.0.0/16"}}, {}},
        DiffCase{"changed scalar", {{"CidrBlock", "10.1.0.0/16"}}, {{"CidrBlock", "10.0.0.0/16"}},
                 {"/CidrBlock"}},
        DiffCase{"unset in the file means don't care", json::object(),
                 {{"EnableDnsSupport", true}}, {}},
        DiffCase{"number as string", {{"Port", "5439"}}, {{"Port", 5439}}, {}},
        DiffCase{"boolean as string", {{"Flag", "true"}}, {{"Flag", true}}, {}},
        DiffCase{"missing on the observed side is unknown, not a change", {{"Flag", true}},
                 json::object(), {}},
        DiffCase{"null on the observed side: AWS has no value", {{"KeyName", "ops"}},
                 {{"KeyName", nullptr}}, {"/KeyName"}},
        DiffCase{"a list leaving out a set property is no change",
                 {{"SecurityGroupIngress", json::array({{{"FromPort", 22}}})}},
                 {{"GroupName", "web"}}, {}},
        DiffCase{"tags compare as maps, in any order",
                 {{"Tags", json::array({{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}, {"Value", "2"}}})}},
                 {{"Tags", json::array({{{"Key", "b"}, {"Value", "2"}}, {{"Key", "a"}, {"Value", "1"}}})}},
                 {}},
        DiffCase{"an extra observed tag is drift",
                 {{"Tags", json::array({{{"Key", "a"}, {"Value", "1"}}})}},
                 {{"Tags", json::array({{{"Key", "a"}, {"Value", "1"}}, {{"Key", "x"}, {"Value", "y"}}})}},
                 {"/Tags"}},
        DiffCase{"rule sets in another order are equal",
                 {{"SecurityGroupIngress", json::array({{{"FromPort", 22}}, {{"FromPort", 80}}})}},
                 {{"SecurityGroupIngress", json::array({{{"FromPort", 80}}, {{"FromPort", 22}}})}},
                 {}},
        DiffCase{"a rule added outside is drift",
                 {{"SecurityGroupIngress", json::array({{{"FromPort", 22}}})}},
                 {{"SecurityGroupIngress", json::array({{{"FromPort", 22}}, {{"FromPort", 3389}}})}},
                 {"/SecurityGroupIngress"}},
        DiffCase{"a rule removed outside is drift",
                 {{"SecurityGroupIngress", json::array({{{"FromPort", 22}}, {{"FromPort", 80}}})}},
                 {{"SecurityGroupIngress", json::array({{{"FromPort", 22}}})}},
                 {"/SecurityGroupIngress"}},
        DiffCase{"nested objects compare on the members the file sets",
                 {{"Config", {{"A", 1}}}}, {{"Config", {{"A", 1}, {"B", 2}}}}, {}},
        DiffCase{"ordered lists keep their order",
                 {{"Ids", json::array({"a", "b"})}}, {{"Ids", json::array({"b", "a"})}}, {"/Ids"}}),
    [](const auto& info) {
      std::string name = info.param.reason;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(DiffTest, ReplacementOnlyWhenAChangeIsImmutable) {
  Diff diff;
  diff.changes.push_back({"/Tags", json(), json(), false});
  EXPECT_FALSE(diff.NeedsReplacement());
  diff.changes.push_back({"/CidrBlock", json(), json(), true});
  EXPECT_TRUE(diff.NeedsReplacement());
  EXPECT_TRUE(diff.Touches("/Tags"));
  EXPECT_FALSE(diff.Touches("/VpcId"));
}

}  // namespace
}  // namespace awsr::engine
