#include "reconcilers/iam/name_lists.h"

#include <algorithm>

#include "reconcilers/iam/iam_calls.h"

namespace awsr::reconcilers::iam {

using nlohmann::json;

json NameList(const json& object, const char* member) {
  if (!object.is_object()) return json::array();
  const auto found = object.find(member);
  return found != object.end() && found->is_array() ? *found : json::array();
}

std::vector<std::string> Missing(const json& from, const json& without) {
  std::vector<std::string> missing;
  if (!from.is_array()) return missing;
  for (const auto& item : from) {
    if (!item.is_string()) continue;
    if (!without.is_array() || std::find(without.begin(), without.end(), item) == without.end())
      missing.push_back(item.get<std::string>());
  }
  return missing;
}

engine::Task<void> SyncNames(aws::AwsClient& client, json desired, json observed, NameCall add,
                             NameCall remove) {
  for (const auto& name : Missing(observed, desired)) {
    auto removed = co_await CallIgnoringNotFound(client, remove(name));
    if (!removed) co_return removed;
  }
  for (const auto& name : Missing(desired, observed)) {
    auto added = co_await CallForEffect(client, add(name));
    if (!added) co_return added;
  }
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::iam
