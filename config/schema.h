// The resource types the daemon understands, as described by the CloudFormation resource
// specification (config/schemas/resource_types.json, compiled into the binary).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/error.h"

namespace awsr::config {

// How CloudFormation updates a property: immutable ones need a replacement, which the daemon
// reports (NeedsReplacement) rather than doing it silently.
enum class UpdateType { kMutable, kImmutable, kConditional };

// The JSON shape a property value must have.
enum class ValueKind {
  kString,
  kInteger,
  kLong,
  kDouble,
  kBoolean,
  kTimestamp,
  kJson,    // free-form: any object or string (policy documents)
  kObject,  // a nested property type, named by ValueShape::nested_type
  kList,
  kMap,
};

struct ValueShape {
  ValueKind kind = ValueKind::kJson;
  // For kList and kMap: the kind of each element (never kList or kMap itself).
  ValueKind item_kind = ValueKind::kJson;
  // For kObject, or a kList/kMap of kObject: e.g. "AWS::EC2::SecurityGroup.Ingress".
  std::string nested_type;
};

struct PropertySchema {
  ValueShape shape;
  bool required = false;
  UpdateType update = UpdateType::kMutable;
};

// The properties of a resource type or of a nested property type.
using PropertyMap = std::map<std::string, PropertySchema, std::less<>>;

struct TypeSchema {
  std::string name;
  PropertyMap properties;
  std::set<std::string, std::less<>> attributes;  // what Fn::GetAtt may ask for
};

class TypeCatalog {
 public:
  // Reads a schema in the format written by config/schemas/generate_schema.py. When `supported`
  // is given, only those resource types are kept (the ones a reconciler exists for).
  static Result<TypeCatalog> FromJson(std::string_view text,
                                      const std::optional<std::set<std::string>>& supported = {});
  // The embedded schema; the embedded text is part of the build, so failing to read it is a
  // broken invariant and throws.
  static TypeCatalog Embedded(const std::optional<std::set<std::string>>& supported = {});

  const TypeSchema* Find(std::string_view type) const;
  const PropertyMap* FindPropertyType(std::string_view name) const;
  bool IsImmutable(std::string_view type, std::string_view property) const;
  std::vector<std::string> TypeNames() const;
  // Which cfnspec release the schema was generated from.
  const std::string& Source() const { return source_; }

 private:
  std::map<std::string, TypeSchema, std::less<>> types_;
  std::map<std::string, PropertyMap, std::less<>> property_types_;
  std::string source_;
};

}  // namespace awsr::config
