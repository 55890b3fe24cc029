// AWS::SNS::Topic. Named (TopicName); Ref is the ARN. ListTopics returns ARNs only: only the
// topics a file names or the engine remembers are looked at, their tags are a detail the
// engine reads within its budget (ListTagsForResource, one call per topic:
// engine/detail_reads.h), and GetTopicAttributes is read for them only when a file sets an
// attribute. CreateTopic carries the tags; the attributes follow with
// SetTopicAttributes, one call each (CreateTopic's attribute map would be the same calls'
// worth of state, and an existing topic answers it differently).
#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/detail_tags.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/sns/sns_calls.h"
#include "reconcilers/sns/sns_types.h"

namespace awsr::reconcilers::sns {
namespace {

using engine::Task;
using nlohmann::json;

// The attributes this type sets, by the same name in CloudFormation and SNS.
constexpr std::array<const char*, 4> kTopicAttributes = {"DisplayName", "KmsMasterKeyId",
                                                         "SignatureVersion", "TracingConfig"};
constexpr std::array<const char*, 5> kUnsupportedTopicProperties = {
    "FifoTopic", "ContentBasedDeduplication", "Subscription", "DataProtectionPolicy",
    "ArchivePolicy"};

std::optional<Error> UnsupportedTopicProperty(const engine::DesiredResource& desired) {
  for (const char* name : kUnsupportedTopicProperties) {
    if (desired.properties.contains(name))
      return MakeError(ErrorKind::kInvalidSpec, std::string("AWS::SNS::Topic ") + name +
                                                    " is not supported (use AWS::SNS::Subscription "
                                                    "for subscriptions)");
  }
  return std::nullopt;
}

bool SetsAnAttribute(const std::set<std::string>& properties) {
  return std::ranges::any_of(kTopicAttributes,
                             [&](const char* name) { return properties.contains(name); });
}

// The topic without its tags, which are a detail.
engine::ObservedResource ObservedTopic(const std::string& arn, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = arn;
  observed.identity_key = TopicName(arn);
  observed.region = region;
  observed.properties = json{{"TopicName", observed.identity_key}};
  observed.attributes = {{"TopicArn", arn}, {"TopicName", observed.identity_key}};
  return observed;
}

// GetTopicAttributes' map, which the query protocol writes as <entry><key/><value/></entry>.
// An empty attribute is AWS's "not set" (DisplayName, KmsMasterKeyId).
void AddTopicAttributes(engine::ObservedResource& topic, const json& attributes) {
  json by_name = json::object();
  const json entries = attributes.is_object() ? attributes.value("entry", json()) : json();
  for (const auto& entry : aws::AsList(entries))
    by_name[StringField(entry, "key")] = StringField(entry, "value");
  json properties = topic.properties;
  for (const char* name : kTopicAttributes) {
    if (!StringField(by_name, name).empty()) properties[name] = by_name[name];
  }
  topic.properties = properties;
}

class TopicReconciler final : public engine::Reconciler {
 public:
  explicit TopicReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::SNS::Topic",
                    .service = "sns",
                    .name_property = "TopicName",
                    .max_name_length = 256}),
        client_(client) {}

  std::vector<std::string_view> DetailProperties() const override { return {"Tags"}; }

  Task<json> ReadDetail(engine::ObservedResource observed, std::string property) override {
    (void)property;  // only Tags
    auto tags = co_await TopicTags(client_, observed.physical_id);
    if (!tags) co_return aws::JsonError(tags.error());
    co_return aws::JsonValue(engine::TagList(*tags));
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::PageTokens tokens{"NextToken", "NextToken"};
    const aws::CallRequest list = SnsCall(scope.region, "ListTopics", json::object());
    auto pages = co_await client_.CallAllPages(list, tokens, 1000);
    if (!pages) co_return pages.error();
    std::vector<engine::ObservedResource> topics;
    for (const auto& page : *pages) {
      for (const auto& item : aws::AsList(page.value("Topics", json())))
        topics.push_back(ObservedTopic(StringField(item, "TopicArn"), scope.region));
    }
    topics = kit::NamedOrRemembered(std::move(topics), scope);
    if (!SetsAnAttribute(scope.properties_in_use)) co_return topics;
    for (auto& topic : topics) {
      const aws::CallRequest get =
          SnsCall(scope.region, "GetTopicAttributes", {{"TopicArn", topic.physical_id}});
      auto attributes = co_await client_.Call(get);
      if (!attributes && attributes.error().kind == ErrorKind::kNotFound) continue;  // deleted
      if (!attributes) co_return attributes.error();
      AddTopicAttributes(topic, attributes->data.value("Attributes", json::object()));
    }
    co_return topics;
  }

  // CreateTopic is idempotent by name: an existing topic answers its ARN. It is ours only if
  // its tags say so; someone else's is refused rather than taken.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (auto unsupported = UnsupportedTopicProperty(desired)) co_return *unsupported;
    const aws::CallRequest create =
        SnsCall(desired.region, "CreateTopic",
                {{"Name", desired.name}, {"Tags", kit::CreationTagList(desired)}});
    auto created = co_await client_.Call(create);
    if (!created) co_return created.error();
    const std::string arn = StringField(created->data, "TopicArn");
    auto tags = co_await TopicTags(client_, arn);
    if (!tags) co_return tags.error();
    if (!kit::IsOwnedBy(*tags, desired)) {
      Error error = MakeError(ErrorKind::kConflict,
                              "a topic named " + desired.name + " exists and is not ours");
      error.aws_code = "AlreadyExists";
      co_return error;
    }
    engine::ObservedResource topic = ObservedTopic(arn, desired.region);
    topic.tags = std::move(*tags);
    json none = json::object();
    auto set = co_await SetAttributes(topic, desired, std::move(none));
    if (!set) co_return set.error();
    json properties = topic.properties;
    properties["Tags"] = kit::UserTags(topic.tags);
    for (const char* name : kTopicAttributes) {
      if (desired.properties.contains(name)) properties[name] = desired.properties[name];
    }
    topic.properties = properties;
    co_return topic;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    if (auto unsupported = UnsupportedTopicProperty(desired)) co_return *unsupported;
    co_return co_await SetAttributes(observed, desired, observed.properties);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        SnsCall(observed.region, "DeleteTopic", {{"TopicArn", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  // One SetTopicAttributes per attribute the file sets that `current` does not hold.
  Task<void> SetAttributes(engine::ObservedResource topic, engine::DesiredResource desired,
                           json current) {
    for (const char* name : kTopicAttributes) {
      if (!desired.properties.contains(name) ||
          current.value(name, json()) == desired.properties[name])
        continue;
      const aws::CallRequest call =
          SnsCall(topic.region, "SetTopicAttributes",
                  {{"TopicArn", topic.physical_id},
                   {"AttributeName", name},
                   {"AttributeValue", StringField(desired.properties, name)}});
      auto set = co_await kit::CallForEffect(client_, call);
      if (!set) co_return set;
    }
    co_return Result<void>{};
  }

  aws::AwsClient& client_;
};

}  // namespace

void AddTopic(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<TopicReconciler>(context.client), TopicTagCalls(context.client));
}

}  // namespace awsr::reconcilers::sns
