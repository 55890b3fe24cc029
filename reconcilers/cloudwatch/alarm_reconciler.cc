// AWS::CloudWatch::Alarm (metric alarms). Named (AlarmName); Ref is the name. Found by one
// paginated DescribeAlarms per region and cycle, which carries no tags: only the alarms a file
// names or the engine remembers are looked at, and their tags are a detail the engine reads
// within its budget (ListTagsForResource, one call per alarm: engine/detail_reads.h).
//
// Two traps of PutMetricAlarm, which both creates and updates:
//  - it overwrites an existing alarm of the same name silently, so Create first asks whether
//    the name is taken, and takes only an alarm tagged ours (a retry after a lost answer);
//  - it applies Tags only when it creates the alarm, so the ownership tags go in the create
//    and every later tag change goes through TagResource/UntagResource (the engine's
//    ownership), never through PutMetricAlarm.
// An update sends the file's whole configuration, since PutMetricAlarm replaces all of it.
//
// Billing metrics exist only in us-east-1: a billing alarm's resource says "Region":
// "us-east-1" in its file, whatever the daemon's region (docs/desired-state.md).
#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/cloudwatch/alarm_description.h"
#include "reconcilers/cloudwatch/cloudwatch_types.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/detail_tags.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::cloudwatch {
namespace {

using engine::Task;
using nlohmann::json;

aws::CallRequest CloudWatchCall(std::string region, std::string operation, json params) {
  return kit::RegionCall("monitoring", std::move(region), std::move(operation), std::move(params));
}

std::string AlarmArnOf(const engine::ObservedResource& alarm) {
  return StringField(alarm.internal, "arn");
}

class AlarmReconciler final : public engine::Reconciler {
 public:
  explicit AlarmReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::CloudWatch::Alarm",
                    .service = "monitoring",
                    .name_property = "AlarmName",
                    .max_name_length = 255}),
        client_(client) {}

  std::vector<std::string_view> DetailProperties() const override { return {"Tags"}; }

  Task<json> ReadDetail(engine::ObservedResource observed, std::string property) override {
    (void)property;  // only Tags
    auto tags = co_await Tags(std::move(observed));
    if (!tags) co_return aws::JsonError(tags.error());
    co_return aws::JsonValue(engine::TagList(*tags));
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    json every = json::object();
    auto alarms = co_await Describe(scope.region, std::move(every));
    if (!alarms) co_return alarms.error();
    co_return kit::NamedOrRemembered(std::move(*alarms), scope);
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json wanted = CanonicalAlarm(desired.properties);
    if (desired.properties.contains("Tags")) wanted["Tags"] = desired.properties["Tags"];
    return engine::DiffProperties(wanted, observed.properties);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (auto unsupported = UnsupportedAlarmProperty(desired.properties)) co_return *unsupported;
    auto existing = co_await Named(desired.region, desired.name);
    if (!existing) co_return existing.error();
    if (!existing->empty()) {
      engine::ObservedResource alarm = std::move(existing->front());
      auto tags = co_await Tags(alarm);
      if (!tags) co_return tags.error();
      alarm.tags = std::move(*tags);
      alarm.properties.Set("Tags", kit::UserTags(alarm.tags));
      if (kit::IsOwnedBy(alarm.tags, desired)) co_return alarm;
      Error error = MakeError(ErrorKind::kConflict,
                              "an alarm named " + desired.name +
                                  " exists and is not ours (PutMetricAlarm would overwrite it)");
      error.aws_code = "AlreadyExists";
      co_return error;
    }
    const aws::CallRequest put =
        CloudWatchCall(desired.region, "PutMetricAlarm",
                       PutMetricAlarmParams(desired, kit::CreationTagList(desired)));
    auto created = co_await kit::CallForEffect(client_, put);
    if (!created) co_return created.error();
    auto found = co_await Named(desired.region, desired.name);
    if (!found) co_return found.error();
    if (found->empty())
      co_return MakeError(ErrorKind::kTransient, "the new alarm is not listed yet");
    engine::ObservedResource alarm = std::move(found->front());
    alarm.tags = kit::CreationTags(desired);
    alarm.properties.Set("Tags", kit::UserTags(alarm.tags));
    co_return alarm;
  }

  // AlarmName needs a replacement, which the engine decides; the rest is one PutMetricAlarm
  // with the whole configuration, without Tags.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource,
                    engine::Diff) override {
    if (auto unsupported = UnsupportedAlarmProperty(desired.properties)) co_return *unsupported;
    const aws::CallRequest put =
        CloudWatchCall(desired.region, "PutMetricAlarm", PutMetricAlarmParams(desired, json()));
    co_return co_await kit::CallForEffect(client_, put);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call = CloudWatchCall(
        observed.region, "DeleteAlarms", {{"AlarmNames", json::array({observed.physical_id})}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  Task<std::vector<engine::ObservedResource>> Named(std::string region, std::string name) {
    json filter = {{"AlarmNames", json::array({name})}};
    co_return co_await Describe(std::move(region), std::move(filter));
  }

  Task<std::vector<engine::ObservedResource>> Describe(std::string region, json params) {
    params["AlarmTypes"] = json::array({"MetricAlarm"});
    params["MaxRecords"] = 100;
    const aws::PageTokens tokens{"NextToken", "NextToken"};
    const aws::CallRequest call = CloudWatchCall(region, "DescribeAlarms", std::move(params));
    auto pages = co_await client_.CallAllPages(call, tokens, 1000);
    if (!pages) co_return pages.error();
    std::vector<engine::ObservedResource> alarms;
    for (const auto& page : *pages) {
      for (const auto& item : aws::AsList(page.value("MetricAlarms", json())))
        alarms.push_back(ObservedAlarm(item, region));
    }
    co_return alarms;
  }

  Task<engine::TagMap> Tags(engine::ObservedResource alarm) {
    const aws::CallRequest call =
        CloudWatchCall(alarm.region, "ListTagsForResource", {{"ResourceARN", AlarmArnOf(alarm)}});
    auto listed = co_await client_.Call(call);
    if (!listed) co_return listed.error();
    co_return engine::TagsFromList(aws::AsList(listed->data.value("Tags", json())));
  }

  aws::AwsClient& client_;
};

std::shared_ptr<engine::Ownership> AlarmTags(aws::AwsClient& client) {
  auto set = [](const engine::ObservedResource& alarm, const engine::TagMap& tags) {
    return CloudWatchCall(alarm.region, "TagResource",
                          {{"ResourceARN", AlarmArnOf(alarm)}, {"Tags", engine::TagList(tags)}});
  };
  auto remove = [](const engine::ObservedResource& alarm, const std::vector<std::string>& keys) {
    return CloudWatchCall(alarm.region, "UntagResource",
                          {{"ResourceARN", AlarmArnOf(alarm)}, {"TagKeys", keys}});
  };
  return std::make_shared<kit::TagCalls>(client, std::move(set), std::move(remove));
}

}  // namespace

void AddAlarm(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<AlarmReconciler>(context.client), AlarmTags(context.client));
}

}  // namespace awsr::reconcilers::cloudwatch
