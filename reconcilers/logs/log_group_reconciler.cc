// AWS::Logs::LogGroup. Named (LogGroupName, which Ref returns). One paginated DescribeLogGroups
// per region and cycle, which carries no tags: tags are a detail the engine reads within its
// budget (engine/detail_reads.h). RetentionInDays changes in place (PutRetentionPolicy, or
// DeleteRetentionPolicy for "never expire"); tags go in with CreateLogGroup.
#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/detail_tags.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/tag_calls.h"
#include "reconcilers/logs/logs_types.h"

namespace awsr::reconcilers::logs {
namespace {

using engine::Task;
using nlohmann::json;

// The group's ARN as the tag calls take it: DescribeLogGroups' arn ends in ":*".
std::string TaggableArn(std::string arn) {
  if (arn.ends_with(":*")) arn.resize(arn.size() - 2);
  return arn;
}

engine::ObservedResource FromGroup(const json& group, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(group, "logGroupName");
  observed.identity_key = observed.physical_id;
  observed.region = region;
  observed.properties = {{"LogGroupName", observed.physical_id},
                         {"RetentionInDays", group.value("retentionInDays", json())}};
  if (!StringField(group, "kmsKeyId").empty())
    observed.properties.Set("KmsKeyId", group["kmsKeyId"]);
  const std::string arn = StringField(group, "arn");
  observed.attributes = {{"Arn", arn}};
  observed.internal = {{"arn", TaggableArn(arn)}};
  return observed;
}

// A tag map ({key: value}, as Logs answers) as [{Key, Value}].
json TagListFromMap(const json& tags) {
  engine::TagMap map;
  if (tags.is_object()) {
    for (const auto& [key, value] : tags.items()) {
      map[key] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  return engine::TagList(map);
}

json TagMapJson(const engine::TagMap& tags) {
  json map = json::object();
  for (const auto& [key, value] : tags) map[key] = value;
  return map;
}

class LogGroupReconciler final : public engine::Reconciler {
 public:
  explicit LogGroupReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::Logs::LogGroup",
                    .service = "logs",
                    .name_property = "LogGroupName",
                    .max_name_length = 512}),
        client_(client) {}

  std::vector<std::string_view> DetailProperties() const override { return {"Tags"}; }

  Task<json> ReadDetail(engine::ObservedResource observed, std::string property) override {
    (void)property;  // only Tags
    const aws::CallRequest call =
        kit::RegionCall("logs", observed.region, "ListTagsForResource",
                        {{"resourceArn", StringField(observed.internal, "arn")}});
    auto tags = co_await client_.Call(call);
    if (!tags) co_return aws::JsonError(tags.error());
    co_return aws::JsonValue(TagListFromMap(tags->data.value("tags", json::object())));
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::PageTokens tokens{"nextToken", "nextToken"};
    const aws::CallRequest call =
        kit::RegionCall("logs", scope.region, "DescribeLogGroups", {{"limit", 50}});
    auto pages = co_await client_.CallAllPages(call, tokens, 100000);
    if (!pages) co_return pages.error();
    std::vector<engine::ObservedResource> groups;
    for (const auto& page : *pages) {
      for (const auto& group : page.value("logGroups", json::array())) {
        groups.push_back(FromGroup(group, scope.region));
      }
    }
    co_return kit::NamedOrRemembered(std::move(groups), scope);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    for (const char* unsupported : {"DataProtectionPolicy", "KmsKeyId"}) {
      if (desired.properties.contains(unsupported)) {
        co_return MakeError(ErrorKind::kInvalidSpec, std::string("AWS::Logs::LogGroup ") +
                                                         unsupported + " is not supported yet");
      }
    }
    const engine::TagMap tags = kit::CreationTags(desired);
    json params = {{"logGroupName", desired.name}, {"tags", TagMapJson(tags)}};
    const aws::CallRequest call =
        kit::RegionCall("logs", desired.region, "CreateLogGroup", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created && created.error().aws_code != "ResourceAlreadyExistsException") {
      co_return created.error();
    }
    auto found = co_await FindOne(desired.region, desired.name);
    if (!found) co_return found.error();
    engine::ObservedResource observed = std::move(*found);
    if (!created) {
      // Ours from an earlier attempt only if it carries our tags.
      auto read = co_await ReadDetail(observed, "Tags");
      if (!read) co_return read.error();
      if (!kit::IsOwnedBy(engine::TagsFromList(*read), desired)) co_return created.error();
    }
    observed.tags = tags;
    observed.properties.Set("Tags", kit::UserTags(tags));
    if (desired.properties.contains("RetentionInDays")) {
      auto put = co_await PutRetention(desired.region, desired.name,
                                       desired.properties["RetentionInDays"]);
      if (!put) co_return put.error();
      observed.properties.Set("RetentionInDays", desired.properties["RetentionInDays"]);
    }
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    for (const engine::Change& change : diff.changes) {
      if (change.path != "/RetentionInDays") {
        co_return MakeError(ErrorKind::kInvalidSpec, "AWS::Logs::LogGroup " + desired.logical_id +
                                                         ": cannot change " + change.path +
                                                         " in place");
      }
    }
    co_return co_await PutRetention(observed.region, observed.physical_id,
                                    desired.properties["RetentionInDays"]);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call = kit::RegionCall("logs", observed.region, "DeleteLogGroup",
                                                  {{"logGroupName", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  Task<void> PutRetention(std::string region, std::string group, json days) {
    const std::optional<std::string> text = engine::ScalarText(days);
    if (!text) co_return MakeError(ErrorKind::kInvalidSpec, "RetentionInDays must be a number");
    long long value = 0;
    try {
      value = std::stoll(*text);
    } catch (const std::exception&) {
      co_return MakeError(ErrorKind::kInvalidSpec, "RetentionInDays must be a number");
    }
    const aws::CallRequest call =
        kit::RegionCall("logs", region, "PutRetentionPolicy",
                        {{"logGroupName", group}, {"retentionInDays", value}});
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<engine::ObservedResource> FindOne(std::string region, std::string name) {
    const aws::CallRequest call =
        kit::RegionCall("logs", region, "DescribeLogGroups", {{"logGroupNamePrefix", name}});
    auto found = co_await client_.Call(call);
    if (!found) co_return found.error();
    for (const json& group : found->data.value("logGroups", json::array())) {
      if (StringField(group, "logGroupName") == name) co_return FromGroup(group, region);
    }
    co_return MakeError(ErrorKind::kTransient, "log group " + name + " is not listed yet");
  }

  aws::AwsClient& client_;
};

std::unique_ptr<engine::Ownership> LogGroupTags(aws::AwsClient& client) {
  return std::make_unique<kit::TagCalls>(
      client,
      [](const engine::ObservedResource& observed, const engine::TagMap& set) {
        return kit::RegionCall(
            "logs", observed.region, "TagResource",
            {{"resourceArn", StringField(observed.internal, "arn")}, {"tags", TagMapJson(set)}});
      },
      [](const engine::ObservedResource& observed, const std::vector<std::string>& remove) {
        return kit::RegionCall(
            "logs", observed.region, "UntagResource",
            {{"resourceArn", StringField(observed.internal, "arn")}, {"tagKeys", remove}});
      });
}

}  // namespace

void AddLogGroup(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<LogGroupReconciler>(context.client), LogGroupTags(context.client));
}

}  // namespace awsr::reconcilers::logs
