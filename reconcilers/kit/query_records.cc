#include "reconcilers/kit/query_records.h"

#include <algorithm>
#include <cctype>

#include "daemon/base/json_fields.h"
#include "reconcilers/kit/query_list.h"

namespace awsr::reconcilers::kit {

using nlohmann::json;

engine::Task<std::vector<json>> DescribeRecords(aws::AwsClient& client, aws::CallRequest call,
                                                std::string list_field, std::string element) {
  call.params["MaxRecords"] = 100;
  const aws::PageTokens marker{"Marker", "Marker"};
  auto pages = co_await client.CallAllPages(std::move(call), marker, 10000);
  // A describe by name answers "not found" for none.
  if (!pages && pages.error().kind == ErrorKind::kNotFound) co_return std::vector<json>();
  if (!pages) co_return pages.error();
  std::vector<json> records;
  for (const auto& page : *pages) {
    for (auto& record : QueryItems(page.value(list_field, json()), element))
      records.push_back(std::move(record));
  }
  co_return records;
}

engine::TagMap QueryTags(const json& tag_list) {
  return engine::TagsFromList(json(QueryItems(tag_list, "Tag")));
}

std::string Lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

json WithLowercaseNames(json properties, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const auto found = properties.find(name);
    if (found != properties.end() && found->is_string())
      *found = Lowercase(found->get<std::string>());
  }
  return properties;
}

json TypedScalar(const json& value) {
  if (!value.is_string()) return value;
  const auto& text = value.get_ref<const std::string&>();
  if (text == "true" || text == "false") return text == "true";
  if (!text.empty() && text.size() < 10 &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::stol(text);
  return value;
}

std::string FinalSnapshotName(const engine::ObservedResource& observed, std::string stamp) {
  const std::string raw = observed.Tag(engine::kOwnerTag) + "-" +
                          observed.Tag(engine::kLogicalIdTag) + "-final-" + stamp;
  std::string name;
  for (const unsigned char c : raw) {
    const char kept = std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
    if (kept == '-' && (name.empty() || name.back() == '-')) continue;
    name += kept;
  }
  while (!name.empty() && name.back() == '-') name.pop_back();
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front()))) name = "s-" + name;
  return name.substr(0, 255);
}

bool WantsFinalSnapshot(const engine::ObservedResource& observed) {
  return observed.Tag(engine::kDeletionPolicyTag) == "Snapshot";
}

}  // namespace awsr::reconcilers::kit
