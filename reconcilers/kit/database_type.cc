#include "reconcilers/kit/database_type.h"

#include <string_view>

#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/dynamic_references.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/query_list.h"
#include "reconcilers/kit/query_records.h"

namespace awsr::reconcilers::kit {

using engine::Task;
using nlohmann::json;

engine::ObservedResource FromRecordBasics(const json& record, const char* identifier,
                                          const char* status, const char* tags,
                                          std::span<const char* const> names,
                                          const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(record, identifier);
  observed.identity_key = observed.physical_id;
  observed.region = region;
  observed.aws_state = StringField(record, status);
  observed.ready = observed.aws_state == "available";
  observed.tags = QueryTags(record.value(tags, json()));
  json properties = {{identifier, observed.physical_id}};
  for (const char* name : names) {
    if (!StringField(record, name).empty()) properties[name] = TypedScalar(record[name]);
  }
  observed.properties = properties;
  return observed;
}

std::set<std::string> ChangedProperties(const engine::Diff& diff) {
  std::set<std::string> changed;
  for (const auto& change : diff.changes) {
    const std::string_view path = std::string_view(change.path).substr(1);
    changed.insert(std::string(path.substr(0, path.find('/'))));  // "/A/B": A
  }
  return changed;
}

std::string DatabaseType::IdentityKey(const engine::DesiredResource& desired) const {
  return Lowercase(desired.name);
}

Task<engine::ObservedList> DatabaseType::ObserveAll(engine::ObserveScope scope) {
  auto found = co_await Describe(scope.region, "");
  if (!found) co_return found.error();
  co_return OursOrWanted(std::move(*found), scope);
}

Task<engine::ObservedResource> DatabaseType::Create(engine::DesiredResource desired) {
  auto properties = co_await ResolveDynamicReferences(client_, desired.region, desired.properties);
  if (!properties) co_return properties.error();
  auto params = CreateParams(desired, *properties);
  if (!params) co_return params.error();
  (*params)[shape_.identifier] = desired.name;
  (*params)["Tags"] = QueryList("Tag", write_only_.CreationTagList(desired));
  auto prepared = co_await Prepare();
  if (!prepared) co_return prepared.error();
  const aws::CallRequest call =
      RegionCall(shape_.tagging.service, desired.region, shape_.create, std::move(*params));
  auto created = co_await client_.Call(call);
  if (created) co_return FromRecord(created->data.value(shape_.element, json()), desired.region);
  if (created.error().aws_code != shape_.already_exists) co_return created.error();
  auto found = co_await Describe(desired.region, IdentityKey(desired));
  if (!found) co_return found.error();
  for (auto& resource : *found) {
    if (IsOwnedBy(resource.tags, desired)) co_return std::move(resource);
  }
  co_return created.error();
}

Task<void> DatabaseType::Delete(engine::ObservedResource observed) {
  json params = json::object();
  params[shape_.identifier] = observed.physical_id;
  if (WantsFinalSnapshot(observed)) {
    params[shape_.final_snapshot] =
        FinalSnapshotName(observed, StringField(observed.internal, "created"));
  } else {
    params[shape_.skip_snapshot] = true;
  }
  const aws::CallRequest call =
      RegionCall(shape_.tagging.service, observed.region, shape_.remove, std::move(params));
  co_return co_await CallIgnoringNotFound(client_, call);
}

Task<void> DatabaseType::Prepare() { co_return Result<void>{}; }

Task<void> DatabaseType::Update(engine::DesiredResource desired, engine::ObservedResource observed,
                                engine::Diff diff) {
  auto properties = co_await ResolveDynamicReferences(client_, desired.region, desired.properties);
  if (!properties) co_return properties.error();
  auto calls = Modifications(observed, *properties, ChangedProperties(diff));
  if (!calls) co_return calls.error();
  for (auto& modification : *calls) {
    const aws::CallRequest call =
        RegionCall(shape_.tagging.service, desired.region, modification.operation,
                   std::move(modification.params));
    auto sent = co_await CallForEffect(client_, call);
    if (!sent) co_return sent;
  }
  co_return co_await SetWriteOnlyStamp(client_, shape_.tagging, std::move(observed),
                                       write_only_.Stamp(desired));
}

// Those being deleted are gone as far as the files are concerned.
Task<std::vector<engine::ObservedResource>> DatabaseType::Describe(std::string region,
                                                                   std::string name) {
  auto prepared = co_await Prepare();
  if (!prepared) co_return prepared.error();
  json params = json::object();
  if (!name.empty()) params[shape_.identifier] = name;
  const aws::CallRequest call =
      RegionCall(shape_.tagging.service, region, shape_.describe, std::move(params));
  auto records = co_await DescribeRecords(client_, call, shape_.list_field, shape_.element);
  if (!records) co_return records.error();
  std::vector<engine::ObservedResource> found;
  for (const auto& record : *records) {
    engine::ObservedResource resource = FromRecord(record, region);
    if (resource.aws_state != "deleting") found.push_back(std::move(resource));
  }
  co_return found;
}

}  // namespace awsr::reconcilers::kit
