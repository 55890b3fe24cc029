#include "config/json_schema.h"

#include <string>

namespace awsr::config {
namespace {

using nlohmann::json;

// Definitions are keyed by name; '::' and '.' are legal in JSON pointers, so type names serve.
std::string DefinitionRef(std::string_view name) { return "#/definitions/" + std::string(name); }

// Any one intrinsic function may stand wherever a value goes (docs/desired-state.md).
json IntrinsicSchema() {
  json one_of = json::array();
  for (const char* function : {"Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join"}) {
    one_of.push_back({{"type", "object"},
                      {"required", {function}},
                      {"properties", {{function, json::object()}}},
                      {"additionalProperties", false}});
  }
  return {{"oneOf", one_of}};
}

// Numbers and booleans may also be written as text, as CloudFormation accepts them.
json PrimitiveSchema(ValueKind kind) {
  switch (kind) {
    case ValueKind::kString:
    case ValueKind::kTimestamp:
      return {{"type", "string"}};
    case ValueKind::kInteger:
    case ValueKind::kLong:
      return {{"anyOf", {{{"type", "integer"}}, {{"type", "string"}, {"pattern", "^-?[0-9]+$"}}}}};
    case ValueKind::kDouble:
      return {{"anyOf",
               {{{"type", "number"}},
                {{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?$"}}}}};
    case ValueKind::kBoolean:
      return {{"anyOf",
               {{{"type", "boolean"}},
                {{"type", "string"}, {"pattern", "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"}}}}};
    default:
      return {{"type", {"object", "string", "array", "number", "boolean"}}};
  }
}

json ElementSchema(ValueKind kind, const std::string& nested_type) {
  if (kind == ValueKind::kObject) return {{"$ref", DefinitionRef(nested_type)}};
  return PrimitiveSchema(kind);
}

json OrIntrinsic(json schema) {
  return {{"anyOf", {std::move(schema), {{"$ref", DefinitionRef("Intrinsic")}}}}};
}

json ValueSchema(const ValueShape& shape) {
  switch (shape.kind) {
    case ValueKind::kList:
      return OrIntrinsic(
          {{"type", "array"},
           {"items", OrIntrinsic(ElementSchema(shape.item_kind, shape.nested_type))}});
    case ValueKind::kMap:
      return OrIntrinsic({{"type", "object"},
                          {"additionalProperties",
                           OrIntrinsic(ElementSchema(shape.item_kind, shape.nested_type))}});
    default:
      return OrIntrinsic(ElementSchema(shape.kind, shape.nested_type));
  }
}

json PropertiesSchema(const PropertyMap& properties) {
  json schema = {{"type", "object"}, {"additionalProperties", false}};
  json required = json::array();
  for (const auto& [name, property] : properties) {
    schema["properties"][name] = ValueSchema(property.shape);
    if (property.required) required.push_back(name);
  }
  if (!schema.contains("properties")) schema["properties"] = json::object();
  if (!required.empty()) schema["required"] = required;
  return schema;
}

// Every nested property type a type reaches, each described once.
void AddPropertyTypes(const TypeCatalog& catalog, const PropertyMap& properties,
                      json& definitions) {
  for (const auto& [name, property] : properties) {
    const std::string& nested = property.shape.nested_type;
    if (nested.empty() || definitions.contains(nested)) continue;
    const PropertyMap* nested_properties = catalog.FindPropertyType(nested);
    if (nested_properties == nullptr) continue;
    definitions[nested] = PropertiesSchema(*nested_properties);
    AddPropertyTypes(catalog, *nested_properties, definitions);
  }
}

json ResourceSchema(const std::vector<std::string>& type_names) {
  json schema = {
      {"type", "object"},
      {"required", {"Type"}},
      {"additionalProperties", false},
      {"properties",
       {{"Type", {{"type", "string"}, {"enum", type_names}}},
        {"Properties", {{"type", "object"}}},
        {"DependsOn",
         {{"anyOf", {{{"type", "string"}}, {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
        {"DeletionPolicy", {{"enum", {"Retain", "Delete", "Snapshot"}}}},
        {"ManagementPolicy", {{"enum", {"Full", "ObserveOnly"}}}},
        {"AdoptPolicy", {{"enum", {"Refuse", "Adopt"}}}},
        {"AdoptId", {{"type", "string"}, {"minLength", 1}}},
        {"Region", {{"type", "string"}}}}}};
  json by_type = json::array();
  for (const auto& type : type_names) {
    by_type.push_back(
        {{"if", {{"properties", {{"Type", {{"const", type}}}}}, {"required", {"Type"}}}},
         {"then", {{"properties", {{"Properties", {{"$ref", DefinitionRef(type)}}}}}}}});
  }
  schema["allOf"] = by_type;
  return schema;
}

}  // namespace

json DesiredFileJsonSchema(const TypeCatalog& catalog) {
  const std::vector<std::string> type_names = catalog.TypeNames();
  json definitions = {{"Intrinsic", IntrinsicSchema()}, {"Resource", ResourceSchema(type_names)}};
  for (const auto& type : type_names) {
    const TypeSchema* schema = catalog.Find(type);
    definitions[type] = PropertiesSchema(schema->properties);
    AddPropertyTypes(catalog, schema->properties, definitions);
  }
  return {{"$schema", "http://json-schema.org/draft-07/schema#"},
          {"title", "awsreconciled desired-state file"},
          {"description", "Generated by `awsreconciled schema` from " + catalog.Source()},
          {"type", "object"},
          {"required", {"Resources"}},
          {"additionalProperties", false},
          {"dependencies", {{"ExternalId", {"RoleArn"}}, {"RoleSessionName", {"RoleArn"}}}},
          {"properties",
           {{"AWSTemplateFormatVersion", {{"type", "string"}}},
            {"Description", {{"type", "string"}}},
            {"Metadata", {{"type", "object"}}},
            {"Region", {{"type", "string"}}},
            // config/account_target.cc checks the same.
            {"RoleArn",
             {{"type", "string"},
              {"pattern", "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]+$"}}},
            {"ExternalId",
             {{"type", "string"},
              {"minLength", 2},
              {"maxLength", 1224},
              {"pattern", "^[A-Za-z0-9_+=,.@:/-]+$"}}},
            {"RoleSessionName",
             {{"type", "string"},
              {"minLength", 2},
              {"maxLength", 64},
              {"pattern", "^[A-Za-z0-9_+=,.@-]+$"}}},
            {"Resources",
             {{"type", "object"},
              {"propertyNames", {{"pattern", "^[A-Za-z0-9]+$"}}},
              {"additionalProperties", {{"$ref", DefinitionRef("Resource")}}}}}}},
          {"definitions", definitions}};
}

}  // namespace awsr::config
