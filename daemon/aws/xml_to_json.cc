#include "daemon/aws/xml_to_json.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>
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

// The element names that occur more than once among a node's children (flattened lists). A
// node has a handful of distinct names, so a short list beats a map's allocations.
std::vector<std::string_view> RepeatedNames(const pugi::xml_node& node) {
  std::vector<std::pair<std::string_view, int>> counts;
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = child.name();
    auto found = std::find_if(counts.begin(), counts.end(),
                              [&](const auto& count) { return count.first == name; });
    if (found == counts.end()) {
      counts.emplace_back(name, 1);
    } else {
      ++found->second;
    }
  }
  std::vector<std::string_view> repeated;
  for (const auto& [name, count] : counts) {
    if (count > 1) repeated.push_back(name);
  }
  return repeated;
}

// Children by name, into `object`; names that occur more than once collect into arrays.
// `skip` (the root's Result wrapper, converted on its own) is left out.
void ConvertMembersInto(const pugi::xml_node& node, bool skip_metadata, const pugi::xml_node& skip,
                        nlohmann::json& object) {
  const std::vector<std::string_view> repeated = RepeatedNames(node);
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element || child == skip) continue;
    const std::string_view name = child.name();
    if (skip_metadata && IsMetadata(name)) continue;
    if (std::find(repeated.begin(), repeated.end(), name) != repeated.end()) {
      object[child.name()].push_back(Convert(child));
    } else {
      object[child.name()] = Convert(child);
    }
  }
}

nlohmann::json ConvertMembers(const pugi::xml_node& node, bool skip_metadata) {
  nlohmann::json object = nlohmann::json::object();
  ConvertMembersInto(node, skip_metadata, pugi::xml_node(), object);
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
  // The Result wrapper's members are lifted to the top, converted once, straight into place.
  const pugi::xml_node result = ResultWrapper(root);
  nlohmann::json out = nlohmann::json::object();
  ConvertMembersInto(root, /*skip_metadata=*/true, result, out);
  if (result && HasElementChildren(result)) {
    nlohmann::json lifted = ConvertMembers(result, /*skip_metadata=*/false);
    for (auto& [name, value] : lifted.items()) out[name] = std::move(value);
  }
  return JsonValue(std::move(out));
}

namespace {

bool IsNoList(const nlohmann::json& value) {
  return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty());
}

}  // namespace

nlohmann::json AsList(const nlohmann::json& value) {
  if (value.is_array()) return value;
  if (IsNoList(value)) return nlohmann::json::array();
  return nlohmann::json::array({value});
}

nlohmann::json AsList(nlohmann::json&& value) {
  if (value.is_array()) return std::move(value);
  if (IsNoList(value)) return nlohmann::json::array();
  nlohmann::json list = nlohmann::json::array();
  list.push_back(std::move(value));
  return list;
}

}  // namespace awsr::aws
