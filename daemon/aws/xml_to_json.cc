#include "daemon/aws/xml_to_json.h"

#include <algorithm>
#include <map>
#include <pugixml.hpp>

#include "daemon/aws/json_result.h"

namespace awsr::aws {
namespace {

bool IsListWrapper(const pugi::xml_node& node) {
  pugi::xml_node first = node.first_child();
  if (!first || first.type() != pugi::node_element) return false;
  std::string_view name = first.name();
  if (name != "item" && name != "member") return false;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && name != child.name()) return false;
  }
  return true;
}

bool HasElementChildren(const pugi::xml_node& node) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) return true;
  }
  return false;
}

bool IsMetadata(std::string_view name) {
  return name == "ResponseMetadata" || name == "requestId" || name == "RequestId";
}

nlohmann::json Convert(const pugi::xml_node& node);

// Children by name; names that occur more than once (flattened lists) collect into arrays.
nlohmann::json ConvertMembers(const pugi::xml_node& node, bool skip_metadata) {
  std::map<std::string_view, int> occurrences;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) ++occurrences[child.name()];
  }
  nlohmann::json object = nlohmann::json::object();
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string name = child.name();
    if (skip_metadata && IsMetadata(name)) continue;
    if (occurrences[child.name()] > 1) {
      object[name].push_back(Convert(child));
    } else {
      object[name] = Convert(child);
    }
  }
  return object;
}

nlohmann::json Convert(const pugi::xml_node& node) {
  if (!HasElementChildren(node)) return node.text().get();
  if (!IsListWrapper(node)) return ConvertMembers(node, /*skip_metadata=*/false);
  nlohmann::json list = nlohmann::json::array();
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) list.push_back(Convert(child));
  }
  return list;
}

// "<CreateUserResponse><CreateUserResult>" -> the Result element, else null.
pugi::xml_node ResultWrapper(const pugi::xml_node& root) {
  std::string_view root_name = root.name();
  if (!root_name.ends_with("Response")) return {};
  std::string wrapper(root_name.substr(0, root_name.size() - 8));
  return root.child((wrapper + "Result").c_str());
}

// Depth of the deepest element, walked without recursion.
int ElementDepth(const pugi::xml_node& root) {
  int depth = 0;
  int deepest = 0;
  pugi::xml_node node = root.first_child();
  if (node) depth = 1;
  while (node) {
    deepest = std::max(deepest, depth);
    if (node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (node && !node.next_sibling() && node != root) {
      node = node.parent();
      --depth;
    }
    if (!node || node == root) break;
    node = node.next_sibling();
  }
  return deepest;
}

}  // namespace

Result<nlohmann::json> XmlToJson(std::string_view xml) {
  if (xml.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return JsonValue(nlohmann::json::object());
  pugi::xml_document document;
  pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return JsonError(MakeError(ErrorKind::kTransient,
                               std::string("malformed XML response: ") + parsed.description()));
  }
  // The conversion recurses once per level; AWS's answers are a dozen levels deep at most.
  if (ElementDepth(document) > kMaxResponseDepth) {
    return JsonError(MakeError(ErrorKind::kTransient, "XML response nested too deep"));
  }
  pugi::xml_node root = document.document_element();
  if (!HasElementChildren(root)) return JsonValue(root.text().get());  // S3 GetBucketLocation
  nlohmann::json out = ConvertMembers(root, /*skip_metadata=*/true);
  if (pugi::xml_node result = ResultWrapper(root)) {
    out.erase(result.name());
    if (HasElementChildren(result)) out.update(ConvertMembers(result, false));
  }
  return JsonValue(std::move(out));
}

nlohmann::json AsList(const nlohmann::json& value) {
  if (value.is_array()) return value;
  if (value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty())) {
    return nlohmann::json::array();
  }
  return nlohmann::json::array({value});
}

}  // namespace awsr::aws
