#include "daemon/aws/form_encoding.h"

#include "daemon/aws/uri_encoding.h"

namespace awsr::aws {
namespace {

void Flatten(const nlohmann::json& value, const std::string& name, ListStyle style,
             std::vector<NameValue>& out) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      for (const auto& [key, member] : value.items()) {
        Flatten(member, name.empty() ? key : name + "." + key, style, out);
      }
      return;
    case nlohmann::json::value_t::array: {
      if (value.empty()) {
        if (style == ListStyle::kMember) out.emplace_back(name, "");
        return;
      }
      std::string prefix = style == ListStyle::kMember ? name + ".member." : name + ".";
      for (size_t i = 0; i < value.size(); ++i) {
        Flatten(value[i], prefix + std::to_string(i + 1), style, out);
      }
      return;
    }
    case nlohmann::json::value_t::string:
      out.emplace_back(name, value.get<std::string>());
      return;
    case nlohmann::json::value_t::null:
      return;
    default:  // numbers and booleans
      out.emplace_back(name, value.dump());
      return;
  }
}

}  // namespace

std::vector<NameValue> FlattenParams(const nlohmann::json& params, ListStyle style) {
  std::vector<NameValue> out;
  if (!params.is_null()) Flatten(params, "", style, out);
  return out;
}

std::string EncodeFormBody(std::string_view action, std::string_view version,
                           const nlohmann::json& params, ListStyle style) {
  std::vector<NameValue> fields = {{"Action", std::string(action)},
                                   {"Version", std::string(version)}};
  for (auto& field : FlattenParams(params, style)) fields.push_back(std::move(field));
  return EncodeQuery(fields);
}

}  // namespace awsr::aws
