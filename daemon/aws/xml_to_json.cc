#include "daemon/aws/xml_to_json.h"

#include <algorithm>
#include <cstring>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>
#include <pugixml.hpp>
// Header only: no library to link or ship.
#define XXH_INLINE_ALL
#include <xxhash.h>

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

// A conversion recurses once per level of what it converts: deeper than kMaxResponseDepth, it
// stops with this. Checked as it goes, not by a walk of the whole answer first: a steady
// answer's items are digested, not converted, and that walk was ~4% of a cycle (issue #16).
struct TooDeep {};

int Deeper(int depth) {
  if (depth >= kMaxResponseDepth) throw TooDeep{};
  return depth + 1;
}

nlohmann::json Convert(const pugi::xml_node& node, int depth);

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

// What a conversion of members leaves out, each taken on its own.
struct Skip {
  pugi::xml_node node;                                // the root's Result wrapper
  const std::vector<std::string>* names = nullptr;  // the digested lists (ItemDigests)

  bool Names(std::string_view name) const {
    return names != nullptr && std::find(names->begin(), names->end(), name) != names->end();
  }
};

// Children by name, into `object`; names that occur more than once collect into arrays.
void ConvertMembersInto(const pugi::xml_node& node, bool skip_metadata, const Skip& skip,
                        nlohmann::json& object, int depth) {
  const int child_depth = Deeper(depth);
  const std::vector<std::string_view> repeated = RepeatedNames(node);
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element || child == skip.node) continue;
    const std::string_view name = child.name();
    if ((skip_metadata && IsMetadata(name)) || skip.Names(name)) continue;
    if (std::find(repeated.begin(), repeated.end(), name) != repeated.end()) {
      object[child.name()].push_back(Convert(child, child_depth));
    } else {
      object[child.name()] = Convert(child, child_depth);
    }
  }
}

nlohmann::json ConvertMembers(const pugi::xml_node& node, bool skip_metadata,
                              const std::vector<std::string>* skip_names, int depth) {
  nlohmann::json object = nlohmann::json::object();
  ConvertMembersInto(node, skip_metadata, Skip{pugi::xml_node(), skip_names}, object, depth);
  return object;
}

nlohmann::json Convert(const pugi::xml_node& node, int depth) {
  if (!HasElementChildren(node)) return node.text().get();
  if (!IsListWrapper(node)) return ConvertMembers(node, /*skip_metadata=*/false, nullptr, depth);
  const int child_depth = Deeper(depth);
  nlohmann::json list = nlohmann::json::array();
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) list.push_back(Convert(child, child_depth));
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

void AppendPart(std::string& out, char kind, std::string_view text) {
  const auto size = static_cast<std::uint32_t>(text.size());
  out += kind;
  out.append(reinterpret_cast<const char*>(&size), sizeof size);
  out += text;
}

// Every node of the subtree in document order, each part length-prefixed and each element
// closed, so two different subtrees never give the same bytes. More than Convert reads
// (attributes, comments): what it ignores may cost a conversion, never hide a change.
void AppendCanonical(const pugi::xml_node& node, std::string& out, int depth) {
  const char kind = static_cast<char>('0' + node.type());
  if (node.type() == pugi::node_pcdata) return AppendPart(out, kind, node.value());  // no name
  AppendPart(out, kind, node.name());
  if (node.type() != pugi::node_element) return AppendPart(out, 'v', node.value());
  for (const pugi::xml_attribute& attribute : node.attributes()) {
    AppendPart(out, 'a', attribute.name());
    AppendPart(out, '=', attribute.value());
  }
  const int child_depth = Deeper(depth);
  for (const pugi::xml_node& child : node.children()) AppendCanonical(child, out, child_depth);
  out += ')';
}

// Where an element begins in the answer (its '<'), when pugixml can tell.
std::optional<std::size_t> StartOf(const pugi::xml_node& element) {
  const std::ptrdiff_t name = element.offset_debug();
  if (name < 1) return std::nullopt;
  return static_cast<std::size_t>(name - 1);
}

// `bytes` up to the last end tag named `name` in them: what follows an element's own end tag
// is its parents' (their end tags, text), so an item's digest does not depend on whether it is
// the last of its list. Never shorter than the element: its own end tag is at or before the
// last one of that name.
std::string_view UpToEndTag(std::string_view bytes, std::string_view name) {
  std::string end_tag = "</";
  end_tag += name;
  const std::size_t at = bytes.rfind(end_tag);
  if (at == std::string_view::npos) return bytes;  // <item/>
  constexpr std::string_view kSpace = " \t\r\n";
  std::size_t close = at + end_tag.size();
  while (close < bytes.size() && kSpace.find(bytes[close]) != std::string_view::npos) ++close;
  if (close >= bytes.size() || bytes[close] != '>') return bytes;  // another name: "</items>"
  return bytes.substr(0, close + 1);
}

// The bytes from `node`'s start tag to its end tag, found as those up to the next element
// after it in document order (the answer's end when none) less what follows its end tag.
std::optional<std::string_view> BytesOf(const pugi::xml_node& node, std::string_view xml) {
  const std::optional<std::size_t> start = StartOf(node);
  if (!start) return std::nullopt;
  std::size_t end = xml.size();
  for (pugi::xml_node at = node; at && at.type() == pugi::node_element; at = at.parent()) {
    pugi::xml_node next = at.next_sibling();
    while (next && next.type() != pugi::node_element) next = next.next_sibling();
    if (!next) continue;
    const std::optional<std::size_t> next_start = StartOf(next);
    if (!next_start) return std::nullopt;
    end = *next_start;
    break;
  }
  if (*start >= end || end > xml.size()) return std::nullopt;
  return UpToEndTag(xml.substr(*start, end - *start), node.name());
}

// An item's digest tells an unchanged item from a changed one: it must not collide by
// accident, and need not resist forgery (whoever can forge an answer's bytes can send any
// answer). XXH3's 128 bits do that at a twentieth of SHA-256's cost, which was ~7% of a steady
// cycle at 10,000 resources (issue #16).
ShortDigest ItemDigest(std::string_view bytes) {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits(bytes.data(), bytes.size()));
  ShortDigest digest{};
  static_assert(sizeof canonical.digest == sizeof digest);
  std::memcpy(digest.data(), canonical.digest, sizeof canonical.digest);
  return digest;
}

// The items of `digests.lists[list]` among `parent`'s children, as AsList would read the
// member. An item's digest is that of its bytes as the answer has them; where pugixml cannot
// tell where they are (an answer it had to re-encode), of its canonical form.
void TakeItems(const pugi::xml_node& parent, int parent_depth, std::string_view xml, bool raw,
               const ItemDigests& digests, std::size_t list_index,
               std::vector<DigestedItem>& items) {
  const int item_depth = parent_depth + 2;  // in a list wrapper; one less when repeated
  std::string canonical;
  const auto take = [&](const pugi::xml_node& item) {
    std::optional<std::string_view> bytes = raw ? BytesOf(item, xml) : std::nullopt;
    if (!bytes) {
      canonical.assign("canonical:");  // never the start of an answer's own bytes ('<')
      AppendCanonical(item, canonical, item_depth);
      bytes = canonical;
    }
    DigestedItem digested{ItemDigest(*bytes), nullptr, list_index};
    if (!digests.held(digested.digest)) digested.value = Convert(item, item_depth);
    items.push_back(std::move(digested));
  };
  const char* name = digests.lists[list_index].c_str();
  const pugi::xml_node first = parent.child(name);
  const bool repeated = first && first.next_sibling(name);
  for (pugi::xml_node list = first; list; list = list.next_sibling(name)) {
    if (repeated || (HasElementChildren(list) && !IsListWrapper(list))) {
      take(list);
    } else if (IsListWrapper(list)) {
      for (pugi::xml_node item : list.children()) {
        if (item.type() == pugi::node_element) take(item);
      }
    } else if (*list.text().get() != '\0') {
      take(list);  // a lone string; an empty element is no item
    }
  }
}

nlohmann::json Converted(const pugi::xml_document& document, std::string_view xml,
                         const pugi::xml_parse_result& parsed, const ItemDigests* digests,
                         std::vector<DigestedItem>* items) {
  constexpr int kRootDepth = 1;
  pugi::xml_node root = document.document_element();
  if (!HasElementChildren(root)) return root.text().get();  // S3 GetBucketLocation
  // The Result wrapper's members are lifted to the top, converted once, straight into place.
  const pugi::xml_node result = ResultWrapper(root);
  const bool lifted = result && HasElementChildren(result);
  const std::vector<std::string>* lists = digests ? &digests->lists : nullptr;
  nlohmann::json out = nlohmann::json::object();
  ConvertMembersInto(root, /*skip_metadata=*/true, Skip{result, lists}, out, kRootDepth);
  if (lifted) {
    nlohmann::json members =
        ConvertMembers(result, /*skip_metadata=*/false, lists, kRootDepth + 1);
    for (auto& [name, value] : members.items()) out[name] = std::move(value);
  }
  // Offsets into `xml` hold when pugixml parsed it as it is (UTF-8, not re-encoded).
  const bool raw = parsed.encoding == pugi::encoding_utf8;
  for (std::size_t list = 0; lists != nullptr && list < lists->size(); ++list) {
    // Where XmlToJson's member would come from: the Result wrapper's wins over the root's.
    const bool in_result = lifted && result.child((*lists)[list].c_str());
    TakeItems(in_result ? result : root, in_result ? kRootDepth + 1 : kRootDepth, xml, raw,
              *digests, list, *items);
  }
  return out;
}

Result<nlohmann::json> Decode(std::string_view xml, const ItemDigests* digests,
                              std::vector<DigestedItem>* items) {
  if (xml.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return JsonValue(nlohmann::json::object());
  pugi::xml_document document;
  pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return JsonError(MakeError(ErrorKind::kTransient,
                               std::string("malformed XML response: ") + parsed.description()));
  }
  const std::size_t items_before = items ? items->size() : 0;
  try {
    return JsonValue(Converted(document, xml, parsed, digests, items));
  } catch (const TooDeep&) {
    if (items) {
      items->erase(items->begin() + static_cast<std::ptrdiff_t>(items_before), items->end());
    }
    return JsonError(MakeError(ErrorKind::kTransient, "XML response nested too deep"));
  }
}

}  // namespace

Result<nlohmann::json> XmlToJson(std::string_view xml) { return Decode(xml, nullptr, nullptr); }

Result<nlohmann::json> XmlToJson(std::string_view xml, const ItemDigests& digests,
                                 std::vector<DigestedItem>& items) {
  return Decode(xml, &digests, &items);
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
