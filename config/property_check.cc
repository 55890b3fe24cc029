#include "config/property_check.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "config/closest_name.h"
#include "config/intrinsic_call.h"

namespace awsr::config {
namespace {

using nlohmann::json;
using Pointer = json::json_pointer;

std::string_view Describe(ValueKind kind) {
  switch (kind) {
    case ValueKind::kString:
      return "a string";
    case ValueKind::kInteger:
    case ValueKind::kLong:
      return "an integer";
    case ValueKind::kDouble:
      return "a number";
    case ValueKind::kBoolean:
      return "a boolean";
    case ValueKind::kTimestamp:
      return "a timestamp string";
    case ValueKind::kJson:
      return "a JSON value";
    case ValueKind::kObject:
      return "an object";
    case ValueKind::kList:
      return "a list";
    case ValueKind::kMap:
      return "a map";
  }
  return "a value";
}

std::string_view Describe(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "a list";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    default:
      return "a number";
  }
}

bool IsNumericText(const std::string& text, bool integer) {
  if (text.empty()) return false;
  char* end = nullptr;
  if (integer) {
    std::strtoll(text.c_str(), &end, 10);
  } else {
    std::strtod(text.c_str(), &end);
  }
  return end == text.c_str() + text.size();
}

bool IsBooleanText(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text == "true" || text == "false";
}

std::vector<std::string_view> Names(const PropertyMap& schema) {
  std::vector<std::string_view> names;
  for (const auto& [name, property] : schema) names.push_back(name);
  return names;
}

bool IsIntegral(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && std::floor(number) == number;
}

// Whether a value that is neither a list, map nor nested object has the kind's JSON type,
// with CloudFormation's leniency for primitives written as strings.
bool MatchesScalar(ValueKind kind, const json& value) {
  const bool is_text = value.is_string();
  const std::string* text = is_text ? &value.get_ref<const std::string&>() : nullptr;
  switch (kind) {
    case ValueKind::kString:
      return is_text || value.is_number() || value.is_boolean();
    case ValueKind::kInteger:
    case ValueKind::kLong:
      return IsIntegral(value) || (is_text && IsNumericText(*text, true));
    case ValueKind::kDouble:
      return value.is_number() || (is_text && IsNumericText(*text, false));
    case ValueKind::kBoolean:
      return value.is_boolean() || (is_text && IsBooleanText(*text));
    case ValueKind::kTimestamp:
      return is_text;
    case ValueKind::kJson:
      return !value.is_null();
    default:
      return false;
  }
}

class Checker {
 public:
  explicit Checker(const TypeCatalog& catalog) : catalog_(catalog) {}

  void Object(std::string_view type_name, const PropertyMap& schema, const json& value,
              const Pointer& at) {
    if (IsIntrinsic(value)) return;
    if (!value.is_object()) {
      Report(at, "expected an object (" + std::string(type_name) + "), got " +
                     std::string(Describe(value)));
      return;
    }
    for (const auto& [name, child] : value.items()) {
      auto property = schema.find(name);
      if (property == schema.end()) {
        Report(at / name, "unknown property " + name + " of " + std::string(type_name) +
                              DidYouMean(name, Names(schema)));
      } else {
        Value(property->second.shape, false, child, at / name);
      }
    }
    for (const auto& [name, property] : schema) {
      if (property.required && !value.contains(name)) {
        Report(at, "missing required property " + name + " of " + std::string(type_name));
      }
    }
  }

  const std::vector<Located>& problems() const { return problems_; }

 private:
  // `as_item`: the value is an element of a list or map, so the shape's item kind applies.
  void Value(const ValueShape& shape, bool as_item, const json& value, const Pointer& at) {
    if (IsIntrinsic(value)) return;
    const ValueKind kind = as_item ? shape.item_kind : shape.kind;
    switch (kind) {
      case ValueKind::kObject:
        Nested(shape.nested_type, value, at);
        return;
      case ValueKind::kList:
      case ValueKind::kMap: {
        const bool is_list = kind == ValueKind::kList;
        if (is_list ? !value.is_array() : !value.is_object()) {
          Mismatch(kind, value, at);
          return;
        }
        for (auto it = value.begin(); it != value.end(); ++it) {
          const Pointer item_at =
              is_list ? at / static_cast<std::size_t>(it - value.begin()) : at / it.key();
          Value(shape, true, *it, item_at);
        }
        return;
      }
      default:
        if (!MatchesScalar(kind, value)) Mismatch(kind, value, at);
    }
  }

  void Nested(const std::string& type_name, const json& value, const Pointer& at) {
    const PropertyMap* schema = catalog_.FindPropertyType(type_name);
    if (schema == nullptr) return;  // the generator writes every nested type it refers to
    Object(type_name, *schema, value, at);
  }

  void Mismatch(ValueKind kind, const json& value, const Pointer& at) {
    Report(at, "expected " + std::string(Describe(kind)) + ", got " + std::string(Describe(value)));
  }

  void Report(const Pointer& at, std::string message) {
    problems_.push_back({at.to_string(), std::move(message)});
  }

  const TypeCatalog& catalog_;
  std::vector<Located> problems_;
};

}  // namespace

std::vector<Located> CheckProperties(const TypeSchema& type, const json& properties,
                                     const Pointer& at, const TypeCatalog& catalog) {
  Checker checker(catalog);
  checker.Object(type.name, type.properties, properties, at);
  return checker.problems();
}

}  // namespace awsr::config
