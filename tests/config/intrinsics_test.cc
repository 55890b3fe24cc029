#include "config/intrinsics.h"

#include <gtest/gtest.h>

namespace awsr::config {
namespace {

using nlohmann::json;

// Vpc exists (vpc-1, CidrBlock 10.0.0.0/16); Bucket does not yet.
ResolveContext Context(std::string region = "eu-west-1") {
  ResolveContext context;
  context.region = std::move(region);
  context.account_id = "123456789012";
  context.owner = "prod";
  context.ref = [](std::string_view id) -> std::optional<std::string> {
    if (id == "Vpc") return "vpc-1";
    return std::nullopt;
  };
  context.get_att = [](std::string_view id, std::string_view attr) -> std::optional<json> {
    if (id == "Vpc" && attr == "CidrBlock") return json("10.0.0.0/16");
    if (id == "Vpc" && attr == "Ipv6CidrBlocks") return json({"a", "b"});
    return std::nullopt;
  };
  return context;
}

TEST(ResolveTest, ReplacesEachIntrinsicByItsValue) {
  const struct {
    std::string reason;
    json input;
    json expected;
    std::string region = "eu-west-1";
  } rows[] = {
      {"plain values stay", json{{"a", {1, "x", true}}}, json{{"a", {1, "x", true}}}},
      {"Ref to a resource", json{{"Ref", "Vpc"}}, "vpc-1"},
      {"Ref to AWS::Region", json{{"Ref", "AWS::Region"}}, "eu-west-1"},
      {"Ref to AWS::AccountId", json{{"Ref", "AWS::AccountId"}}, "123456789012"},
      {"Ref to AWS::StackName is the owner", json{{"Ref", "AWS::StackName"}}, "prod"},
      {"Ref to AWS::Partition", json{{"Ref", "AWS::Partition"}}, "aws"},
      {"AWS::Partition in China", json{{"Ref", "AWS::Partition"}}, "aws-cn", "cn-north-1"},
      {"AWS::Partition in GovCloud", json{{"Ref", "AWS::Partition"}}, "aws-us-gov",
       "us-gov-west-1"},
      {"AWS::URLSuffix", json{{"Ref", "AWS::URLSuffix"}}, "amazonaws.com"},
      {"AWS::URLSuffix in China", json{{"Ref", "AWS::URLSuffix"}}, "amazonaws.com.cn",
       "cn-north-1"},
      {"GetAtt list form", json{{"Fn::GetAtt", {"Vpc", "CidrBlock"}}}, "10.0.0.0/16"},
      {"GetAtt dotted form", json{{"Fn::GetAtt", "Vpc.CidrBlock"}}, "10.0.0.0/16"},
      {"GetAtt of a list attribute", json{{"Fn::GetAtt", "Vpc.Ipv6CidrBlocks"}}, json({"a", "b"})},
      {"Sub string form", json{{"Fn::Sub", "arn:${AWS::Partition}:${AWS::Region}:${Vpc}"}},
       "arn:aws:eu-west-1:vpc-1"},
      {"Sub with an attribute", json{{"Fn::Sub", "cidr=${Vpc.CidrBlock}"}}, "cidr=10.0.0.0/16"},
      {"Sub literal escape", json{{"Fn::Sub", "${!Literal}-${!Vpc}"}}, "${Literal}-${Vpc}"},
      {"Sub unclosed is literal", json{{"Fn::Sub", "a${b"}}, "a${b"},
      {"Sub with variables",
       json{{"Fn::Sub", {"${Name}-${AWS::AccountId}", {{"Name", {{"Ref", "Vpc"}}}}}}},
       "vpc-1-123456789012"},
      {"Sub variable shadows a resource", json{{"Fn::Sub", {"${Vpc}", {{"Vpc", "local"}}}}},
       "local"},
      {"Join", json{{"Fn::Join", {",", {"a", {{"Ref", "Vpc"}}, 3}}}}, "a,vpc-1,3"},
      {"Join of a list attribute",
       json{{"Fn::Join", {"|", {{"Fn::GetAtt", "Vpc.Ipv6CidrBlocks"}}}}}, "a|b"},
      {"nested in objects and lists",
       json{{"Tags", {{{"Key", "vpc"}, {"Value", {{"Ref", "Vpc"}}}}}}},
       json{{"Tags", {{{"Key", "vpc"}, {"Value", "vpc-1"}}}}}},
  };
  for (const auto& row : rows) {
    auto resolved = Resolve(row.input, Context(row.region));
    ASSERT_TRUE(resolved) << row.reason << ": " << resolved.error().Describe();
    EXPECT_TRUE(resolved->complete()) << row.reason;
    EXPECT_EQ(resolved->value, row.expected) << row.reason;
  }
}

TEST(ResolveTest, NamesWhatIsPendingAndLeavesItAsWritten) {
  const json input = {{"A", {{"Ref", "Bucket"}}},
                      {"B", {{"Fn::Sub", "${Bucket.Arn}/*"}}},
                      {"C", {{"Fn::Join", {"", {"x", {{"Ref", "Bucket"}}}}}}},
                      {"D", {{"Ref", "Vpc"}}}};
  auto resolved = Resolve(input, Context());
  ASSERT_TRUE(resolved);
  EXPECT_FALSE(resolved->complete());
  EXPECT_EQ(resolved->pending, (std::vector<std::string>{"Bucket", "Bucket.Arn"}));
  EXPECT_EQ(resolved->value["A"], input["A"]);
  EXPECT_EQ(resolved->value["B"], input["B"]);
  EXPECT_EQ(resolved->value["C"], input["C"]);
  EXPECT_EQ(resolved->value["D"], "vpc-1");
}

TEST(ResolveTest, FailsOnValuesOfTheWrongKind) {
  EXPECT_FALSE(Resolve(json{{"Fn::Join", {",", {json::object()}}}}, Context()));
  EXPECT_FALSE(Resolve(json{{"Fn::Sub", {"${X}", {{"X", json::array()}}}}}, Context()));
  EXPECT_FALSE(Resolve(json{{"Fn::Split", {",", "a"}}}, Context()));
}

TEST(FindReferencesTest, FindsEveryResourceReferredToWithItsPointer) {
  const json properties = {
      {"A", {{"Ref", "Vpc"}}},
      {"B", {{"Ref", "AWS::Region"}}},
      {"C", {{"Fn::GetAtt", {"Role", "Arn"}}}},
      {"D", {{"Fn::Sub", {"${Bucket}/${Local}/${AWS::AccountId}/${Key.Arn}", {{"Local", "x"}}}}}},
      {"E", {{"Fn::Join", {"", {{{"Ref", "Topic"}}}}}}},
  };
  const auto references = FindReferences(properties, json::json_pointer("/P"));
  ASSERT_EQ(references.size(), 5u);
  EXPECT_EQ(references[0].logical_id, "Vpc");
  EXPECT_EQ(references[0].pointer, "/P/A");
  EXPECT_EQ(references[1].logical_id, "Role");
  EXPECT_EQ(references[1].attribute, "Arn");
  EXPECT_EQ(references[2].logical_id, "Bucket");
  EXPECT_EQ(references[3].logical_id, "Key");
  EXPECT_EQ(references[3].attribute, "Arn");
  EXPECT_EQ(references[4].pointer, "/P/E/Fn::Join/1/0");
  EXPECT_EQ(References(properties),
            (std::set<std::string>{"Bucket", "Key", "Role", "Topic", "Vpc"}));
}

// {"Fn::Sub": ["${v}${v}", {"v": <the same, one level down>}]}, `depth` levels deep.
json DoublingSub(int depth) {
  json value = "0123456789abcdef";
  for (int i = 0; i < depth; ++i) {
    value = json{{"Fn::Sub", json::array({"${v}${v}", json{{"v", value}}})}};
  }
  return value;
}

// Each level doubles the text: 40 levels would be 16 TiB, once resolved 2^40 times.
TEST(ResolveTest, NestedSubsThatExplodeFailInsteadOfExhaustingTheMachine) {
  auto exploded = Resolve(DoublingSub(40), Context());
  ASSERT_FALSE(exploded.has_value());
  EXPECT_EQ(exploded.error().kind, ErrorKind::kInvalidSpec);
  EXPECT_NE(exploded.error().message.find("MiB"), std::string::npos);

  auto modest = Resolve(DoublingSub(10), Context());  // 16 KiB: fine
  ASSERT_TRUE(modest.has_value()) << modest.error().message;
  EXPECT_EQ(modest->value.get<std::string>().size(), 16u << 10);
}

// Naming a variable many times resolves it once: the time is linear in the template.
TEST(ResolveTest, AVariableNamedManyTimesIsResolvedOnce) {
  int refs = 0;
  ResolveContext context = Context();
  context.ref = [&refs](std::string_view) -> std::optional<std::string> {
    ++refs;
    return "";
  };
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "${Vpc}";
  auto resolved = Resolve(json{{"Fn::Sub", text}}, context);
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(refs, 1);
}

}  // namespace
}  // namespace awsr::config
