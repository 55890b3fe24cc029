#include "config/schema.h"

#include <gtest/gtest.h>

namespace awsr::config {
namespace {

TEST(TypeCatalogTest, EmbedsTheSupportedTypesFromTheSpecification) {
  const TypeCatalog catalog = TypeCatalog::Embedded();
  EXPECT_NE(catalog.Source().find("@aws-cdk/cfnspec"), std::string::npos);
  EXPECT_EQ(catalog.TypeNames().size(), 45u);  // generate_schema.py's SUPPORTED_TYPES
  const TypeSchema* group = catalog.Find("AWS::EC2::SecurityGroup");
  ASSERT_NE(group, nullptr);
  EXPECT_TRUE(group->properties.at("GroupDescription").required);
  EXPECT_TRUE(group->attributes.contains("GroupId"));
  const ValueShape& ingress = group->properties.at("SecurityGroupIngress").shape;
  EXPECT_EQ(ingress.kind, ValueKind::kList);
  EXPECT_EQ(ingress.item_kind, ValueKind::kObject);
  EXPECT_EQ(ingress.nested_type, "AWS::EC2::SecurityGroup.Ingress");
  ASSERT_NE(catalog.FindPropertyType("AWS::EC2::SecurityGroup.Ingress"), nullptr);
  EXPECT_EQ(catalog.FindPropertyType("Tag")->at("Key").shape.kind, ValueKind::kString);
  EXPECT_EQ(catalog.Find("AWS::EC2::Instance"), catalog.Find("AWS::EC2::Instance"));
  EXPECT_EQ(catalog.Find("AWS::EC2::Nope"), nullptr);
}

TEST(TypeCatalogTest, KnowsWhichPropertiesAreImmutable) {
  const TypeCatalog catalog = TypeCatalog::Embedded();
  EXPECT_TRUE(catalog.IsImmutable("AWS::EC2::VPC", "CidrBlock"));
  EXPECT_FALSE(catalog.IsImmutable("AWS::EC2::VPC", "Tags"));
  EXPECT_FALSE(catalog.IsImmutable("AWS::EC2::VPC", "Nope"));
  EXPECT_EQ(catalog.Find("AWS::EC2::Instance")->properties.at("EbsOptimized").update,
            UpdateType::kConditional);
}

TEST(TypeCatalogTest, KeepsOnlyTheTypesTheDaemonSupports) {
  const TypeCatalog catalog = TypeCatalog::Embedded(std::set<std::string>{"AWS::EC2::VPC"});
  EXPECT_EQ(catalog.TypeNames(), std::vector<std::string>{"AWS::EC2::VPC"});
  EXPECT_EQ(catalog.Find("AWS::S3::Bucket"), nullptr);
}

TEST(TypeCatalogTest, RefusesASchemaItCannotRead) {
  EXPECT_FALSE(TypeCatalog::FromJson("{"));
  EXPECT_FALSE(TypeCatalog::FromJson(
      R"({"ResourceTypes": {"X": {"Properties": {"P": {"PrimitiveType": "Blob"}}}}})"));
}

}  // namespace
}  // namespace awsr::config
