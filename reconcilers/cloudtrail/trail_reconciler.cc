// AWS::CloudTrail::Trail. Named (TrailName); Ref is the name. A multi-region trail shows up in
// every region (its "shadows"), so each region's observation asks DescribeTrails for the trails
// whose home is that region only (includeShadowTrails false): a trail is found once, where it
// was made, which is also the only region that may change it. Tags come from ListTags, 20 trails
// a call; IsLogging from GetTrailStatus, one call per trail (AWS has no bulk form), read by the
// engine within its per-resource read budget.
// CreateTrail carries the tags, and a new trail does not log until StartLogging.
#include <algorithm>

#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/cloudtrail/cloudtrail_types.h"
#include "reconcilers/cloudtrail/trail_description.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::cloudtrail {
namespace {

using engine::Task;
using nlohmann::json;

constexpr size_t kTrailsPerListTags = 20;  // ListTags' limit

aws::CallRequest TrailCall(std::string region, std::string operation, json params) {
  return kit::RegionCall("cloudtrail", std::move(region), std::move(operation), std::move(params));
}

std::string TrailArnOf(const engine::ObservedResource& trail) {
  return StringField(trail.internal, "arn");
}

class TrailReconciler final : public engine::Reconciler {
 public:
  explicit TrailReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::CloudTrail::Trail",
                    .service = "cloudtrail",
                    .name_property = "TrailName",
                    .max_name_length = 128}),
        client_(client) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    json all = json::array();
    auto trails = co_await Describe(scope.region, std::move(all));
    if (!trails) co_return trails.error();
    for (size_t first = 0; first < trails->size(); first += kTrailsPerListTags) {
      const size_t last = std::min(trails->size(), first + kTrailsPerListTags);
      auto tagged = co_await AddTags(*trails, first, last);
      if (!tagged) co_return tagged.error();
    }
    co_return kit::OursOrWanted(std::move(*trails), scope);
  }

  // Whether a trail logs is one GetTrailStatus per trail: the engine reads it within its
  // budget (engine/detail_reads.h), and only for trails whose file sets IsLogging.
  std::vector<std::string_view> DetailProperties() const override { return {"IsLogging"}; }

  Task<json> ReadDetail(engine::ObservedResource observed, std::string) override {
    const aws::CallRequest call =
        TrailCall(observed.region, "GetTrailStatus", {{"Name", TrailArnOf(observed)}});
    auto status = co_await client_.Call(call);
    if (!status) co_return aws::JsonError(status.error());
    co_return aws::JsonValue(IsTrue(status->data.value("IsLogging", json())));
  }

  // "Already exists" is ours when the trail's tags say so (a retry after a lost answer).
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (auto unsupported = UnsupportedTrailProperty(desired.properties)) co_return *unsupported;
    const aws::CallRequest create = TrailCall(desired.region, "CreateTrail",
                                              TrailParams(desired, kit::CreationTagList(desired)));
    auto created = co_await client_.Call(create);
    if (!created && created.error().aws_code != "TrailAlreadyExistsException")
      co_return created.error();
    json names = json::array();
    names.push_back(desired.name);
    auto found = co_await Describe(desired.region, std::move(names));
    if (!found) co_return found.error();
    if (found->empty())
      co_return MakeError(ErrorKind::kTransient, "the new trail is not listed yet");
    auto tagged = co_await AddTags(*found, 0, 1);
    if (!tagged) co_return tagged.error();
    engine::ObservedResource trail = std::move(found->front());
    if (!created && !kit::IsOwnedBy(trail.tags, desired)) co_return created.error();
    auto logging = co_await SetLogging(trail, desired, false);
    if (!logging) co_return logging.error();
    trail.properties.Set("IsLogging", IsTrue(desired.properties.value("IsLogging", json())));
    co_return trail;
  }

  // TrailName needs a replacement, which the engine decides. UpdateTrail takes every setting
  // the file gives; logging is switched by its own calls.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (auto unsupported = UnsupportedTrailProperty(desired.properties)) co_return *unsupported;
    const bool settings = std::ranges::any_of(
        diff.changes, [](const engine::Change& change) { return change.path != "/IsLogging"; });
    if (settings) {
      json params = TrailParams(desired, json());
      params["Name"] = TrailArnOf(observed);
      const aws::CallRequest update = TrailCall(desired.region, "UpdateTrail", params);
      auto updated = co_await kit::CallForEffect(client_, update);
      if (!updated) co_return updated;
    }
    const bool logging = IsTrue(observed.properties.Value("IsLogging", json()));
    co_return co_await SetLogging(observed, desired, logging);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        TrailCall(observed.region, "DeleteTrail", {{"Name", TrailArnOf(observed)}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  // The trails whose home is `region`: all of them (names empty), or those named.
  Task<std::vector<engine::ObservedResource>> Describe(std::string region, json names) {
    json params = {{"includeShadowTrails", false}};
    if (!names.empty()) params["trailNameList"] = std::move(names);
    const aws::CallRequest describe = TrailCall(region, "DescribeTrails", params);
    auto described = co_await client_.Call(describe);
    if (!described) co_return described.error();
    std::vector<engine::ObservedResource> trails;
    for (const auto& item : described->data.value("trailList", json::array())) {
      // Named lookups may answer a shadow; only the home region's trail is this region's.
      if (item.value("HomeRegion", region) == region) trails.push_back(ObservedTrail(item, region));
    }
    co_return trails;
  }

  // Tags of trails [first, last) in one ListTags.
  Task<void> AddTags(std::vector<engine::ObservedResource>& trails, size_t first, size_t last) {
    if (first >= last) co_return Result<void>{};
    json arns = json::array();
    for (size_t i = first; i < last; ++i) arns.push_back(TrailArnOf(trails[i]));
    const aws::CallRequest call =
        TrailCall(trails[first].region, "ListTags", {{"ResourceIdList", arns}});
    auto listed = co_await client_.Call(call);
    if (!listed) co_return listed.error();
    for (const auto& entry : listed->data.value("ResourceTagList", json::array())) {
      for (size_t i = first; i < last; ++i) {
        if (TrailArnOf(trails[i]) != StringField(entry, "ResourceId")) continue;
        trails[i].tags = engine::TagsFromList(entry.value("TagsList", json::array()));
        trails[i].properties.Set("Tags", kit::UserTags(trails[i].tags));
      }
    }
    co_return Result<void>{};
  }

  // StartLogging or StopLogging when the file's IsLogging differs from `logging`.
  Task<void> SetLogging(engine::ObservedResource trail, engine::DesiredResource desired,
                        bool logging) {
    if (!desired.properties.contains("IsLogging")) co_return Result<void>{};
    const bool wanted = IsTrue(desired.properties.value("IsLogging", json()));
    if (wanted == logging) co_return Result<void>{};
    const aws::CallRequest call = TrailCall(trail.region, wanted ? "StartLogging" : "StopLogging",
                                            {{"Name", TrailArnOf(trail)}});
    co_return co_await kit::CallForEffect(client_, call);
  }

  aws::AwsClient& client_;
};

std::shared_ptr<engine::Ownership> TrailTags(aws::AwsClient& client) {
  auto set = [](const engine::ObservedResource& trail, const engine::TagMap& tags) {
    return TrailCall(trail.region, "AddTags",
                     {{"ResourceId", TrailArnOf(trail)}, {"TagsList", engine::TagList(tags)}});
  };
  auto remove = [](const engine::ObservedResource& trail, const std::vector<std::string>& keys) {
    json list = json::array();
    for (const auto& key : keys) list.push_back({{"Key", key}});
    return TrailCall(trail.region, "RemoveTags",
                     {{"ResourceId", TrailArnOf(trail)}, {"TagsList", list}});
  };
  return std::make_shared<kit::TagCalls>(client, std::move(set), std::move(remove));
}

}  // namespace

void AddTrail(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<TrailReconciler>(context.client), TrailTags(context.client));
}

}  // namespace awsr::reconcilers::cloudtrail
