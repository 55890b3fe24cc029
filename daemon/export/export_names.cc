#include "daemon/export/export_names.h"

#include <cctype>

#include "daemon/base/json_fields.h"

namespace awsr::exporting {
namespace {

std::string ShortTypeName(std::string_view type) {
  const auto colons = type.rfind("::");
  return std::string(colons == std::string_view::npos ? type : type.substr(colons + 2));
}

// The last segment of an ARN or path: "arn:aws:sns:us-east-1:1:alerts" -> "alerts".
std::string_view LastSegment(std::string_view id) {
  const auto cut = id.find_last_of(":/");
  return cut == std::string_view::npos ? id : id.substr(cut + 1);
}

bool EndsWithNoCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[text.size() - suffix.size() + i])) !=
        std::tolower(static_cast<unsigned char>(suffix[i])))
      return false;
  }
  return true;
}

// A listener or a rule has no name: its balancer's, from its ARN
// ("...:listener/app/web/LB-ID/ID"), with its port or priority ("web-443").
std::string ListenerName(const FoundResource& resource) {
  const bool listener = resource.type == "AWS::ElasticLoadBalancingV2::Listener";
  if (!listener && resource.type != "AWS::ElasticLoadBalancingV2::ListenerRule") return "";
  const std::string& arn = resource.observed.physical_id;
  const auto first = arn.find('/');
  const auto second = first == std::string::npos ? first : arn.find('/', first + 1);
  const auto third = second == std::string::npos ? second : arn.find('/', second + 1);
  if (third == std::string::npos) return "";
  const nlohmann::json& which =
      resource.observed.properties.Value(listener ? "Port" : "Priority", nlohmann::json());
  return arn.substr(second + 1, third - second - 1) + "-" +
         (which.is_string() ? which.get<std::string>() : which.dump());
}

}  // namespace

std::string CamelCase(std::string_view text) {
  std::string out;
  bool word_start = true;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      word_start = true;
      continue;
    }
    out.push_back(word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    word_start = false;
  }
  return out;
}

std::string ExportLogicalId(const FoundResource& resource, bool ours,
                            std::set<std::string>& taken) {
  const engine::ObservedResource& observed = resource.observed;
  const std::string type_name = ShortTypeName(resource.type);
  if (const std::string tagged = observed.Tag(engine::kLogicalIdTag); ours && !tagged.empty()) {
    taken.insert(tagged);
    return tagged;
  }
  std::string base;
  {
    std::string name = observed.Tag("Name");
    if (name.empty() && !resource.name_property.empty())
      name = StringField(observed.properties, resource.name_property);
    if (name.empty()) name = ListenerName(resource);
    base = CamelCase(name);
    if (!base.empty() && !EndsWithNoCase(base, type_name)) base += type_name;
  }
  if (base.empty()) base = CamelCase(LastSegment(observed.physical_id));
  if (base.empty() || std::isdigit(static_cast<unsigned char>(base.front())) != 0)
    base = type_name + base;
  std::string id = base;
  for (int suffix = 2; taken.contains(id); ++suffix) id = base + std::to_string(suffix);
  taken.insert(id);
  return id;
}

}  // namespace awsr::exporting
