#include "config/schema.h"

#include <nlohmann/json.hpp>

#include "config/schemas/embedded_schema.h"

namespace awsr::config {
namespace {

using nlohmann::json;

// The member `key` of an object, or an empty object (which iterates like an empty list).
const json& MemberOrEmpty(const json& object, const char* key) {
  static const json kEmpty = json::object();
  auto it = object.find(key);
  return it == object.end() ? kEmpty : *it;
}

std::optional<ValueKind> PrimitiveKind(std::string_view name) {
  if (name == "String") return ValueKind::kString;
  if (name == "Integer") return ValueKind::kInteger;
  if (name == "Long") return ValueKind::kLong;
  if (name == "Double") return ValueKind::kDouble;
  if (name == "Boolean") return ValueKind::kBoolean;
  if (name == "Timestamp") return ValueKind::kTimestamp;
  if (name == "Json") return ValueKind::kJson;
  return std::nullopt;
}

Result<ValueKind> ItemKind(const json& desc, std::string& nested_type) {
  if (desc.contains("PrimitiveItemType")) {
    if (auto kind = PrimitiveKind(desc["PrimitiveItemType"].get<std::string>())) return *kind;
    return MakeError(ErrorKind::kInternal, "unknown PrimitiveItemType");
  }
  if (desc.contains("ItemType")) {
    nested_type = desc["ItemType"].get<std::string>();
    return ValueKind::kObject;
  }
  return ValueKind::kJson;  // a list or map of anything
}

Result<PropertySchema> ReadProperty(const json& desc) {
  PropertySchema property;
  property.required = desc.value("Required", false);
  const std::string update = desc.value("UpdateType", "Mutable");
  if (update == "Immutable") property.update = UpdateType::kImmutable;
  if (update == "Conditional") property.update = UpdateType::kConditional;

  ValueShape& shape = property.shape;
  if (desc.contains("PrimitiveType")) {
    auto kind = PrimitiveKind(desc["PrimitiveType"].get<std::string>());
    if (!kind) return MakeError(ErrorKind::kInternal, "unknown PrimitiveType");
    shape.kind = *kind;
    return property;
  }
  const std::string type = desc.value("Type", "");
  if (type == "List" || type == "Map") {
    shape.kind = type == "List" ? ValueKind::kList : ValueKind::kMap;
    auto item = ItemKind(desc, shape.nested_type);
    if (!item) return item.error();
    shape.item_kind = *item;
  } else if (!type.empty()) {
    shape.kind = ValueKind::kObject;
    shape.nested_type = type;
  }
  return property;
}

Result<PropertyMap> ReadProperties(const json& entry) {
  PropertyMap properties;
  for (const auto& [name, desc] : MemberOrEmpty(entry, "Properties").items()) {
    auto property = ReadProperty(desc);
    if (!property) {
      Error error = property.error();
      error.context = "property " + name;
      return error;
    }
    properties.emplace(name, *property);
  }
  return properties;
}

}  // namespace

Result<TypeCatalog> TypeCatalog::FromJson(std::string_view text,
                                          const std::optional<std::set<std::string>>& supported) {
  TypeCatalog catalog;
  try {
    const json doc = json::parse(text);
    catalog.source_ = doc.value("Source", "");
    for (const auto& [name, entry] : MemberOrEmpty(doc, "PropertyTypes").items()) {
      auto properties = ReadProperties(entry);
      if (!properties) return properties.error();
      catalog.property_types_.emplace(name, std::move(*properties));
    }
    for (const auto& [name, entry] : MemberOrEmpty(doc, "ResourceTypes").items()) {
      if (supported && !supported->contains(name)) continue;
      auto properties = ReadProperties(entry);
      if (!properties) return properties.error();
      TypeSchema type{name, std::move(*properties), {}};
      for (const auto& attribute : MemberOrEmpty(entry, "Attributes")) {
        type.attributes.insert(attribute.get<std::string>());
      }
      catalog.types_.emplace(name, std::move(type));
    }
  } catch (const json::exception& e) {
    return MakeError(ErrorKind::kInternal, std::string("resource type schema: ") + e.what());
  }
  return catalog;
}

TypeCatalog TypeCatalog::Embedded(const std::optional<std::set<std::string>>& supported) {
  return FromJson(EmbeddedSchemaJson(), supported).value();
}

const TypeSchema* TypeCatalog::Find(std::string_view type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : &it->second;
}

const PropertyMap* TypeCatalog::FindPropertyType(std::string_view name) const {
  auto it = property_types_.find(name);
  return it == property_types_.end() ? nullptr : &it->second;
}

bool TypeCatalog::IsImmutable(std::string_view type, std::string_view property) const {
  const TypeSchema* schema = Find(type);
  if (schema == nullptr) return false;
  auto it = schema->properties.find(property);
  return it != schema->properties.end() && it->second.update == UpdateType::kImmutable;
}

std::vector<std::string> TypeCatalog::TypeNames() const {
  std::vector<std::string> names;
  for (const auto& [name, type] : types_) names.push_back(name);
  return names;
}

}  // namespace awsr::config
