#include "reconcilers/kit/query_list.h"

namespace awsr::reconcilers::kit {

using nlohmann::json;

json QueryList(std::string_view element, const json& items) {
  if (!items.is_array() || items.empty()) return json::array();
  json numbered = json::object();
  for (std::size_t i = 0; i < items.size(); ++i) numbered[std::to_string(i + 1)] = items[i];
  json list = json::object();
  list[std::string(element)] = std::move(numbered);
  return list;
}

std::vector<json> QueryItems(const json& list, std::string_view element) {
  const json* items = &list;
  if (list.is_object()) {
    const auto found = list.find(std::string(element));
    if (found == list.end()) return {};
    items = &*found;
  }
  if (items->is_array()) return std::vector<json>(items->begin(), items->end());
  if (items->is_object()) return {*items};
  return {};
}

}  // namespace awsr::reconcilers::kit
