#include "config/json_schema.h"

#include <gtest/gtest.h>

namespace awsr::config {
namespace {

using nlohmann::json;

TEST(DesiredFileJsonSchemaTest, DescribesEachSupportedTypeAndItsNestedTypes) {
  const TypeCatalog catalog =
      TypeCatalog::Embedded(std::set<std::string>{"AWS::EC2::SecurityGroup"});
  const json schema = DesiredFileJsonSchema(catalog);
  EXPECT_EQ(schema["required"], json::array({"Resources"}));
  EXPECT_EQ(schema["definitions"]["Resource"]["properties"]["Type"]["enum"],
            json::array({"AWS::EC2::SecurityGroup"}));
  const json& group = schema["definitions"]["AWS::EC2::SecurityGroup"];
  EXPECT_EQ(group["additionalProperties"], false);
  EXPECT_EQ(group["required"], json::array({"GroupDescription"}));
  // A list of a nested type refers to its definition, and may be an intrinsic instead.
  const json& ingress = group["properties"]["SecurityGroupIngress"]["anyOf"][0];
  EXPECT_EQ(ingress["type"], "array");
  EXPECT_EQ(ingress["items"]["anyOf"][0]["$ref"], "#/definitions/AWS::EC2::SecurityGroup.Ingress");
  EXPECT_TRUE(schema["definitions"].contains("AWS::EC2::SecurityGroup.Ingress"));
  EXPECT_FALSE(schema["definitions"].contains("AWS::EC2::VPC"));
}

TEST(DesiredFileJsonSchemaTest, NumbersAndBooleansMayBeWrittenAsText) {
  const TypeCatalog catalog =
      TypeCatalog::Embedded(std::set<std::string>{"AWS::EC2::SecurityGroup"});
  const json schema = DesiredFileJsonSchema(catalog);
  const json& from_port = schema["definitions"]["AWS::EC2::SecurityGroup.Ingress"]["properties"]
                                ["FromPort"]["anyOf"][0];
  EXPECT_EQ(from_port["anyOf"][0]["type"], "integer");
  EXPECT_EQ(from_port["anyOf"][1]["pattern"], "^-?[0-9]+$");
}

}  // namespace
}  // namespace awsr::config
